/**
 * One ranking of persons for linkage and `$match`: a record meets several records of a
 * person, and the person counts by its best pair; persons come best first, ties by person id,
 * so two instances decide the same.
 */
export interface PersonRanked {
  readonly personId: string;
  readonly weight: number;
}

export function rankPersons<T extends PersonRanked>(scores: readonly T[]): T[] {
  return [...scores].sort((a, b) => b.weight - a.weight || a.personId.localeCompare(b.personId));
}

/** Each person's best-scoring pair (the first of equal weights), ranked. */
export function bestPerPerson<T extends PersonRanked>(scores: Iterable<T>): T[] {
  const best = new Map<string, T>();
  for (const score of scores) {
    const current = best.get(score.personId);
    if (!current || score.weight > current.weight) best.set(score.personId, score);
  }
  return rankPersons([...best.values()]);
}
