/**
 * The shapes the page reads from the service's /api routes (review/, linkage/). Declared
 * here rather than imported from src/ because the browser build cannot pull in Nest; every
 * reader treats them as "what the service promises", and the explanation, which comes from the
 * matching engine and may grow, is parsed defensively (explanation-model.ts).
 */
export const REVIEW_KINDS = [
  'possible-match',
  'merge-persons',
  'same-source-duplicate',
  'weak-chain',
  'ambiguous',
] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export const REVIEW_STATUSES = ['open', 'decided', 'obsolete'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_SORTS = ['created_at', '-created_at', 'probability', '-probability'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

export const DECISIONS = ['link', 'merge', 'not-a-match', 'keep-separate'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface ReviewTask {
  id: string;
  kind: string;
  /** Why the steward is asked (src/matching/rules/review-reason.ts). */
  reason_code?: string;
  status: string;
  record_id: string | null;
  person_id: string | null;
  candidate_person_id: string | null;
  source: string | null;
  /** Sources of the candidate person's records, when the service lists them. */
  candidate_sources?: string[] | null;
  probability: number | null;
  weight: number | null;
  assignee: string | null;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  decision: string | null;
  reason: string | null;
}

export interface ReviewPage {
  total: number;
  page: number;
  pageSize: number;
  tasks: ReviewTask[];
}

export interface ReviewCounts {
  byKind: Record<string, number>;
  byAge: Record<string, number>;
  open: number;
}

export type FieldValue = string | number | boolean | null;

/** A record's displayable fields (records/demographics.ts); identifiers are never sent. */
export type Demographics = Record<string, FieldValue | undefined>;

export interface GoldenFieldValue {
  value: FieldValue;
  recordId: string | null;
  source: string | null;
  strategy: string;
  /** Why the value won: "3 of 4 registrations; formal name of 'Bill'" (absent on old versions). */
  reason?: string;
}

export interface PersonRecord {
  recordId: string;
  source: string;
  linkKind: string;
  probability: number | null;
  demographics: Demographics;
}

export interface PersonView {
  id: string;
  status: 'active' | 'merged' | 'empty';
  mergedInto: string | null;
  version: number;
  updatedAt: string;
  golden: Record<string, GoldenFieldValue | undefined>;
  pins: Record<string, FieldValue | undefined>;
  records: PersonRecord[];
}

export interface TaskDetail {
  task: ReviewTask & { explanation: unknown };
  record: {
    recordId: string;
    source: string;
    changedAt: string;
    demographics: Demographics;
  } | null;
  person: PersonView | null;
  candidate: PersonView | null;
}

export interface LinkEvent {
  /** bigserial: the driver sends it as a string. */
  id: string | number;
  at: string;
  actor: string;
  kind: string;
  record_id: string | null;
  person_id: string | null;
  from_person_id: string | null;
  probability: number | null;
  weight: number | null;
  reason: string | null;
  undo_of: string | number | null;
  undone_by: string | number | null;
}
