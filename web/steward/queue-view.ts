import { ReviewCounts, ReviewPage, ReviewTask } from './api-types';
import { AppContext, Cleanup } from './app-context';
import { h, isTyping, replaceChildren, tableHead } from './dom';
import { ageBucketLabel, formatAge, formatPercent, kindLabel, shortId, taskLabel } from './format';
import { nextIndex } from './list-navigation';
import { STATUS_LABELS, filterForm } from './queue-filter-form';
import { DEFAULT_FILTERS, QueueFilters, pageCount, queueSearchParams } from './queue-query';

/**
 * The review queue: counts for staffing, filters, the page of tasks and paging. Each row's
 * first cell is a real link, so Tab, Enter and screen readers work as on any page; j/k and
 * the arrow keys move between rows.
 */
export async function renderQueue(root: HTMLElement, ctx: AppContext): Promise<Cleanup> {
  const heading = h('h2', { tabindex: -1, id: 'queue-heading' }, 'Review queue');
  const countsBox = h('section', { class: 'counts', 'aria-labelledby': 'counts-heading' });
  const tableBox = h('section', { class: 'queue', 'aria-labelledby': 'queue-heading' });
  const apply = (filters: QueueFilters): void => {
    ctx.filters = filters;
    void loadTasks(ctx, tableBox);
  };
  const clear = (): void => {
    const fresh = filterForm(DEFAULT_FILTERS, apply, clear);
    form.replaceWith(fresh);
    form = fresh;
    apply(DEFAULT_FILTERS);
  };
  let form = filterForm(ctx.filters, apply, clear);
  replaceChildren(
    root,
    heading,
    h(
      'p',
      { class: 'hint', id: 'queue-keys' },
      'Keys: j or \u2193 next task, k or \u2191 previous, Enter opens.',
    ),
    countsBox,
    form,
    tableBox,
  );
  heading.focus();
  const onKey = (event: KeyboardEvent): void => moveFocus(event, tableBox);
  document.addEventListener('keydown', onKey);
  await Promise.all([loadCounts(ctx, countsBox), loadTasks(ctx, tableBox)]);
  return () => document.removeEventListener('keydown', onKey);
}

function moveFocus(event: KeyboardEvent, tableBox: HTMLElement): void {
  if (isTyping(event) || event.altKey || event.ctrlKey || event.metaKey) return;
  const links = [...tableBox.querySelectorAll<HTMLAnchorElement>('a.task-link')];
  const current = links.findIndex((a) => a === document.activeElement);
  const next = nextIndex(current, event.key, links.length);
  if (next === null) return;
  event.preventDefault();
  links[next]?.focus();
}

async function loadCounts(ctx: AppContext, box: HTMLElement): Promise<void> {
  try {
    const counts = await ctx.api.get<ReviewCounts>('/api/reviews/counts');
    replaceChildren(
      box,
      h('h3', { id: 'counts-heading' }, `Open tasks: ${counts.open}`),
      countTable('By kind', counts.byKind, kindLabel),
      countTable('By age', counts.byAge, ageBucketLabel),
    );
  } catch (error) {
    ctx.fail(error, box);
  }
}

function countTable(
  caption: string,
  counts: Record<string, number>,
  label: (key: string) => string,
): HTMLTableElement {
  const entries = Object.entries(counts);
  return h(
    'table',
    { class: 'count-table' },
    h('caption', {}, caption),
    h(
      'tbody',
      {},
      entries.length === 0
        ? h('tr', {}, h('td', { colspan: 2 }, 'none'))
        : entries.map(([key, n]) =>
            h('tr', {}, h('th', { scope: 'row' }, label(key)), h('td', {}, n)),
          ),
    ),
  );
}

async function loadTasks(ctx: AppContext, box: HTMLElement): Promise<void> {
  box.setAttribute('aria-busy', 'true');
  try {
    const page = await ctx.api.get<ReviewPage>('/api/reviews', queueSearchParams(ctx.filters));
    replaceChildren(box, taskTable(page, ctx.filters), pager(page, ctx, box));
    ctx.announce(
      `${page.total} tasks; page ${page.page} of ${pageCount(page.total, page.pageSize)}`,
    );
  } catch (error) {
    ctx.fail(error, box);
  } finally {
    box.removeAttribute('aria-busy');
  }
}

function taskTable(page: ReviewPage, filters: QueueFilters): HTMLElement {
  const now = Date.now();
  const caption = `${STATUS_LABELS[filters.status]} tasks: ${page.total} in all, page ${page.page} of ${pageCount(page.total, page.pageSize)}`;
  if (page.tasks.length === 0)
    return h('p', { class: 'empty', id: 'queue-empty' }, 'No tasks match these filters.');
  return h(
    'table',
    { class: 'task-table', id: 'task-table' },
    h('caption', {}, caption),
    tableHead(['Task', 'Score', 'Age', 'Sources', 'Assignee'], ['Score', 'Age']),
    h(
      'tbody',
      {},
      page.tasks.map((t) => taskRow(t, now)),
    ),
  );
}

function taskRow(task: ReviewTask, now: number): HTMLTableRowElement {
  const sources = [
    task.source ?? '\u2014',
    ...(task.candidate_sources?.length ? ['\u2192', task.candidate_sources.join(', ')] : []),
  ].join(' ');
  return h(
    'tr',
    { 'data-task-id': task.id },
    h(
      'td',
      {},
      h(
        'a',
        { href: `#/task/${task.id}`, class: 'task-link', 'aria-describedby': 'queue-keys' },
        taskLabel(task),
        h('span', { class: 'task-id' }, ` ${shortId(task.id)}`),
      ),
    ),
    h('td', { class: 'num' }, formatPercent(task.probability)),
    h('td', { class: 'num' }, formatAge(task.created_at, now)),
    h('td', {}, sources),
    h('td', {}, task.assignee ?? h('span', { class: 'muted' }, 'unassigned')),
  );
}

function pager(page: ReviewPage, ctx: AppContext, box: HTMLElement): HTMLElement {
  const pages = pageCount(page.total, page.pageSize);
  const go = (to: number) => (): void => {
    ctx.filters = { ...ctx.filters, page: to };
    void loadTasks(ctx, box);
  };
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Queue pages' },
    h(
      'button',
      { type: 'button', disabled: page.page <= 1, onclick: go(page.page - 1) },
      'Previous page',
    ),
    h('span', {}, `Page ${page.page} of ${pages}`),
    h(
      'button',
      { type: 'button', disabled: page.page >= pages, onclick: go(page.page + 1) },
      'Next page',
    ),
  );
}
