import { PAIR_CATEGORIES, PairCategory, pairCategories, PopulationIndex } from './category-metrics';

/**
 * How useful the review queue is on a tagged population: how many tasks per 1,000 records, how
 * many propose the true person, and which relationships the wrong proposals cross (a queue
 * flooded with spouses and siblings shows up here).
 */

/** A task proposes a record (or, for a person-to-person task, a person) and a candidate person. */
export interface ReviewTaskView {
  readonly recordId: string | null;
  readonly personId: string | null;
  readonly candidatePersonId: string | null;
}

export interface ReviewMetrics {
  readonly tasks: number;
  readonly perThousandRecords: number;
  /** Tasks that name a candidate person holding labelled records. */
  readonly withCandidate: number;
  readonly candidateIsTruePerson: number;
  /** Share of `withCandidate`; 1 when no task names a candidate. */
  readonly trueCandidateShare: number;
  /** Tasks whose candidate is someone else, by the relationship it proposes. */
  readonly wrongByCategory: Readonly<Record<PairCategory, number>>;
}

/** The records a task puts forward: its record, else every record of its person. */
function proposedRecords(task: ReviewTaskView, personRecords: ReadonlyMap<string, string[]>) {
  if (task.recordId !== null) return [task.recordId];
  return task.personId === null ? [] : (personRecords.get(task.personId) ?? []);
}

export function reviewMetrics(
  index: PopulationIndex,
  tasks: readonly ReviewTaskView[],
  personRecords: ReadonlyMap<string, string[]>,
): ReviewMetrics {
  const wrong = Object.fromEntries(PAIR_CATEGORIES.map((c) => [c, 0])) as Record<
    PairCategory,
    number
  >;
  let withCandidate = 0;
  let right = 0;
  for (const task of tasks) {
    const proposed = proposedRecords(task, personRecords).flatMap((id) => {
      const record = index.records.get(id);
      return record ? [record] : [];
    });
    const candidates = (personRecords.get(task.candidatePersonId ?? '') ?? []).flatMap((id) => {
      const record = index.records.get(id);
      return record ? [record] : [];
    });
    if (proposed.length === 0 || candidates.length === 0) continue;
    withCandidate++;
    if (proposed.some((p) => candidates.some((c) => c.entity === p.entity))) {
      right++;
      continue;
    }
    const crossed = new Set<PairCategory>();
    for (const p of proposed) {
      for (const c of candidates)
        for (const category of pairCategories(index, p, c)) crossed.add(category);
    }
    for (const category of crossed) wrong[category]++;
  }
  return {
    tasks: tasks.length,
    perThousandRecords: index.records.size === 0 ? 0 : (1000 * tasks.length) / index.records.size,
    withCandidate,
    candidateIsTruePerson: right,
    trueCandidateShare: withCandidate === 0 ? 1 : right / withCandidate,
    wrongByCategory: wrong,
  };
}
