import {
  REVIEW_KINDS,
  REVIEW_SORTS,
  REVIEW_STATUSES,
  ReviewKind,
  ReviewSort,
  ReviewStatus,
} from './api-types';

/**
 * The queue's filters as the steward sets them, and the query string GET /api/reviews
 * takes. Scores are shown and entered as percentages; the API takes probabilities.
 */
export interface QueueFilters {
  readonly status: ReviewStatus;
  readonly kind: ReviewKind | null;
  readonly source: string | null;
  readonly assignee: string | null;
  readonly minScorePct: number | null;
  readonly maxScorePct: number | null;
  readonly minAgeHours: number | null;
  readonly sort: ReviewSort;
  readonly page: number;
  readonly pageSize: number;
}

export const PAGE_SIZES = [10, 25, 50, 100] as const;

export const DEFAULT_FILTERS: QueueFilters = {
  status: 'open',
  kind: null,
  source: null,
  assignee: null,
  minScorePct: null,
  maxScorePct: null,
  minAgeHours: null,
  sort: 'created_at',
  page: 1,
  pageSize: 25,
};

export const SORT_LABELS: Record<ReviewSort, string> = {
  created_at: 'Oldest first',
  '-created_at': 'Newest first',
  probability: 'Lowest score first',
  '-probability': 'Highest score first',
};

export function queueSearchParams(f: QueueFilters): string {
  const params = new URLSearchParams();
  params.set('status', f.status);
  if (f.kind) params.set('kind', f.kind);
  if (f.source) params.set('source', f.source);
  if (f.assignee) params.set('assignee', f.assignee);
  if (f.minScorePct !== null) params.set('minScore', String(f.minScorePct / 100));
  if (f.maxScorePct !== null) params.set('maxScore', String(f.maxScorePct / 100));
  if (f.minAgeHours !== null) params.set('minAgeHours', String(f.minAgeHours));
  params.set('sort', f.sort);
  params.set('page', String(f.page));
  params.set('pageSize', String(f.pageSize));
  return params.toString();
}

const oneOf = <T extends string>(values: readonly T[], v: string | undefined, fallback: T): T =>
  (values as readonly string[]).includes(v ?? '') ? (v as T) : fallback;

const text = (v: string | undefined): string | null => (v && v.trim() !== '' ? v.trim() : null);

function bounded(v: string | undefined, min: number, max: number, integer: boolean): number | null {
  if (!v || v.trim() === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) return null;
  return integer ? Math.floor(n) : n;
}

/** Filters from the form's fields; out-of-range numbers are dropped, a new filter starts at page 1. */
export function filtersFromForm(
  fields: Readonly<Record<string, string | undefined>>,
): QueueFilters {
  const size = Number(fields.pageSize);
  return {
    status: oneOf(REVIEW_STATUSES, fields.status, 'open'),
    kind: (REVIEW_KINDS as readonly string[]).includes(fields.kind ?? '')
      ? (fields.kind as ReviewKind)
      : null,
    source: text(fields.source),
    assignee: text(fields.assignee),
    minScorePct: bounded(fields.minScorePct, 0, 100, false),
    maxScorePct: bounded(fields.maxScorePct, 0, 100, false),
    minAgeHours: bounded(fields.minAgeHours, 0, 100_000, true),
    sort: oneOf(REVIEW_SORTS, fields.sort, 'created_at'),
    page: 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_FILTERS.pageSize,
  };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
