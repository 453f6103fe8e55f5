import { REVIEW_KINDS, REVIEW_SORTS, REVIEW_STATUSES, ReviewStatus } from './api-types';
import { formFields, h, labelled, option } from './dom';
import { kindLabel } from './format';
import { PAGE_SIZES, QueueFilters, SORT_LABELS, filtersFromForm } from './queue-query';

/**
 * The queue's filter form: every control labelled, applied on submit (Enter in any field),
 * cleared back to the defaults with its own button.
 */
export const STATUS_LABELS: Record<ReviewStatus, string> = {
  open: 'Open',
  decided: 'Decided',
  obsolete: 'Obsolete',
};

function select(
  name: string,
  values: readonly string[],
  current: string | null,
  label: (v: string) => string,
  any?: string,
): HTMLSelectElement {
  const choices = values.map((v) => option(v, label(v), v === current));
  return h('select', { name }, any ? option('', any, current === null) : null, choices);
}

function input(
  name: string,
  type: 'text' | 'number',
  value: string | number | null,
  extra: Record<string, string | number> = {},
): HTMLInputElement {
  return h('input', { name, type, value: value ?? '', autocomplete: 'off', ...extra });
}

const PERCENT = { min: 0, max: 100, step: 'any' };

function controls(f: QueueFilters): HTMLElement[] {
  const status = (v: string): string => STATUS_LABELS[v as ReviewStatus];
  const sort = (v: string): string => SORT_LABELS[v as QueueFilters['sort']];
  const sizes = PAGE_SIZES.map(String);
  return [
    labelled('f-status', 'Status', select('status', REVIEW_STATUSES, f.status, status)),
    labelled('f-kind', 'Kind', select('kind', REVIEW_KINDS, f.kind, kindLabel, 'Any kind')),
    labelled('f-source', 'Source', input('source', 'text', f.source)),
    labelled('f-assignee', 'Assignee', input('assignee', 'text', f.assignee)),
    labelled('f-min', 'Min score %', input('minScorePct', 'number', f.minScorePct, PERCENT)),
    labelled('f-max', 'Max score %', input('maxScorePct', 'number', f.maxScorePct, PERCENT)),
    labelled(
      'f-age',
      'Older than (hours)',
      input('minAgeHours', 'number', f.minAgeHours, { min: 0, step: 1 }),
    ),
    labelled('f-sort', 'Sort', select('sort', REVIEW_SORTS, f.sort, sort)),
    labelled(
      'f-size',
      'Per page',
      select('pageSize', sizes, String(f.pageSize), (v) => v),
    ),
  ];
}

export function filterForm(
  f: QueueFilters,
  apply: (filters: QueueFilters) => void,
  clear: () => void,
): HTMLFormElement {
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Queue filters' },
    controls(f),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Apply filters'),
      h('button', { type: 'button', onclick: clear }, 'Clear filters'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply(filtersFromForm(formFields(form)));
  });
  return form;
}
