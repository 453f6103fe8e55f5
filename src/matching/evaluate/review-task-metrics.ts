import {
  PAIR_CATEGORIES,
  PairCategory,
  pairCategories,
  PopulationIndex,
  TaggedRecord,
} from './category-metrics';

/**
 * How useful the review queue is on a labelled population: how many tasks per 1,000 records, how
 * many propose the true person, and which relationships the wrong proposals cross (a queue
 * flooded with spouses and siblings shows up here), overall and per reason the task gives.
 */

/** A task proposes a record (or, for a person-to-person task, a person) and a candidate person. */
export interface ReviewTaskView {
  readonly recordId: string | null;
  readonly personId: string | null;
  readonly candidatePersonId: string | null;
  /** Why the task was opened (its reason code, else its kind). */
  readonly reason: string;
}

export interface ReasonRow {
  readonly reason: string;
  readonly tasks: number;
  readonly withCandidate: number;
  readonly candidateIsTruePerson: number;
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
  /** Most frequent reason first. */
  readonly byReason: readonly ReasonRow[];
}

type Verdict = 'no-candidate' | 'true-person' | ReadonlySet<PairCategory>;

function labelled(index: PopulationIndex, ids: readonly string[]): TaggedRecord[] {
  return ids.flatMap((id) => {
    const record = index.records.get(id);
    return record ? [record] : [];
  });
}

/** The records a task puts forward: its record, else every record of its person. */
function proposedRecords(task: ReviewTaskView, personRecords: ReadonlyMap<string, string[]>) {
  if (task.recordId !== null) return [task.recordId];
  return task.personId === null ? [] : (personRecords.get(task.personId) ?? []);
}

/** Whether the candidate holds the proposed person, else the relationships it crosses. */
function judge(
  index: PopulationIndex,
  task: ReviewTaskView,
  personRecords: ReadonlyMap<string, string[]>,
): Verdict {
  const proposed = labelled(index, proposedRecords(task, personRecords));
  const candidates = labelled(index, personRecords.get(task.candidatePersonId ?? '') ?? []);
  if (proposed.length === 0 || candidates.length === 0) return 'no-candidate';
  if (proposed.some((p) => candidates.some((c) => c.entity === p.entity))) return 'true-person';
  const crossed = new Set<PairCategory>();
  for (const p of proposed) {
    for (const c of candidates)
      for (const category of pairCategories(index, p, c)) crossed.add(category);
  }
  return crossed;
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
  const reasons = new Map<string, { tasks: number; withCandidate: number; right: number }>();
  for (const task of tasks) {
    const verdict = judge(index, task, personRecords);
    const row = reasons.get(task.reason) ?? { tasks: 0, withCandidate: 0, right: 0 };
    reasons.set(task.reason, row);
    row.tasks++;
    if (verdict === 'no-candidate') continue;
    row.withCandidate++;
    if (verdict === 'true-person') row.right++;
    else for (const category of verdict) wrong[category]++;
  }
  const byReason = [...reasons]
    .map(([reason, r]) => ({
      reason,
      tasks: r.tasks,
      withCandidate: r.withCandidate,
      candidateIsTruePerson: r.right,
    }))
    .sort((a, b) => b.tasks - a.tasks || a.reason.localeCompare(b.reason));
  const withCandidate = byReason.reduce((sum, r) => sum + r.withCandidate, 0);
  const right = byReason.reduce((sum, r) => sum + r.candidateIsTruePerson, 0);
  return {
    tasks: tasks.length,
    perThousandRecords: index.records.size === 0 ? 0 : (1000 * tasks.length) / index.records.size,
    withCandidate,
    candidateIsTruePerson: right,
    trueCandidateShare: withCandidate === 0 ? 1 : right / withCandidate,
    wrongByCategory: wrong,
    byReason,
  };
}
