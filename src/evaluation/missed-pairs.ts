import { PairExplanation } from '../matching/score/explanation';
import { ReviewTaskView } from '../matching/evaluate/review-task-metrics';

/**
 * A pair of one person's records that blocking found but linkage left in two persons: what
 * the pair scored (class, rule, each comparison's level and weight, no values) and what the
 * linker did instead (the review tasks open on either record). The first place to look when
 * recall falls short: a `certain` pair held back by an `ambiguous` task is another problem
 * than a `probable` one.
 */
export interface MissedPair {
  /** `missed`: one person's records left apart; `false-link`: two people's linked together. */
  readonly kind: 'missed' | 'false-link';
  readonly recordA: string;
  readonly recordB: string;
  /** The records' lines in the labelled file, to read their values there. */
  readonly lineA: number;
  readonly lineB: number;
  readonly sourceA: string;
  readonly sourceB: string;
  readonly matchClass: string;
  readonly modelClass: string;
  readonly weight: number;
  readonly rule: string | null;
  readonly sameHousehold: boolean;
  /** Comparison id -> [level id, weight in bits], present levels only. */
  readonly levels: Readonly<Record<string, readonly [string, number]>>;
  /** Reasons of the open review tasks on either record, sorted, without repeats. */
  readonly tasks: readonly string[];
}

export interface MissedRecord {
  readonly id: string;
  readonly source: string;
  readonly line: number;
}

const bits = (weight: number): number => Math.round(weight * 100) / 100;

function ruleOf(explanation: PairExplanation): string | null {
  const rule = explanation.rule;
  if (rule === null) return null;
  return rule.guard === undefined ? rule.rule : `${rule.rule} (${rule.guard})`;
}

export function missedPair(
  a: MissedRecord,
  b: MissedRecord,
  explanation: PairExplanation,
  tasksOf: (recordId: string) => readonly string[],
  kind: MissedPair['kind'] = 'missed',
): MissedPair {
  const levels: Record<string, [string, number]> = {};
  for (const c of explanation.comparisons)
    if (c.levelId !== 'missing') levels[c.comparisonId] = [c.levelId, bits(c.weight)];
  return {
    kind,
    recordA: a.id,
    recordB: b.id,
    lineA: a.line,
    lineB: b.line,
    sourceA: a.source,
    sourceB: b.source,
    matchClass: explanation.matchClass,
    modelClass: explanation.modelClass,
    weight: bits(explanation.totalWeight),
    rule: ruleOf(explanation),
    sameHousehold: explanation.sameHousehold,
    levels,
    tasks: [...new Set([...tasksOf(a.id), ...tasksOf(b.id)])].sort(),
  };
}

/** Open task reasons by record, for missedPair. */
export function taskReasonsByRecord(
  tasks: readonly ReviewTaskView[],
): (recordId: string) => readonly string[] {
  const byRecord = new Map<string, string[]>();
  for (const task of tasks) {
    if (task.recordId === null) continue;
    byRecord.set(task.recordId, [...(byRecord.get(task.recordId) ?? []), task.reason]);
  }
  return (recordId) => byRecord.get(recordId) ?? [];
}

/** How many missed pairs each (class, rule, tasks) combination holds, most first. */
export function tallyMissedPairs(pairs: readonly MissedPair[]): [string, number][] {
  const tally = new Map<string, number>();
  for (const p of pairs) {
    if (p.kind !== 'missed') continue;
    const key = `${p.matchClass}${p.rule ? `, ${p.rule}` : ''}; tasks: ${p.tasks.join(' ') || 'none'}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  return [...tally.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
}

/** Records of two people in one person: per person, each entity's first record against every other entity's first. */
export function overlaidPairs<R extends { person_id: string }>(
  records: readonly R[],
  entities: readonly string[],
): [R, R][] {
  const firstOf = new Map<string, Map<string, R>>();
  const pairs: [R, R][] = [];
  records.forEach((record, i) => {
    const entity = entities[i] as string;
    const byEntity = firstOf.get(record.person_id) ?? new Map<string, R>();
    firstOf.set(record.person_id, byEntity);
    if (!byEntity.has(entity)) {
      for (const first of byEntity.values()) pairs.push([first, record]);
      byEntity.set(entity, record);
    }
  });
  return pairs;
}
