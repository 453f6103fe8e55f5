import { Decision, ReviewPage, ReviewTask, TaskDetail } from './api-types';
import { AppContext, Cleanup } from './app-context';
import { DECISION_DONE, DECISION_HINTS, DECISION_LABELS, availableDecisions } from './decisions';
import { h, labelled, replaceChildren, tableHead } from './dom';
import { Explanation, readExplanation } from './explanation-model';
import { AGREEMENT_LABELS, FieldRow, compareFields, sidesOf } from './field-comparison';
import {
  fieldValueText,
  formatAge,
  formatPercent,
  formatWeight,
  taskLabel,
  shortId,
} from './format';
import { queueSearchParams } from './queue-query';
import { waterfall, waterfallTable } from './waterfall-view';

/**
 * One task: the two sides field by field, why the engine scored them so (the waterfall),
 * and the decision. After a decision the next open task opens, and a notice links to the
 * person whose history can undo it.
 */
export async function renderTask(
  root: HTMLElement,
  ctx: AppContext,
  id: string,
): Promise<Cleanup | void> {
  replaceChildren(root, h('p', { 'aria-busy': 'true' }, 'Loading task\u2026'));
  const detail = await ctx.api.get<TaskDetail>(`/api/reviews/${id}`);
  const explanation = readExplanation(detail.task.explanation);
  const { task } = detail;
  const heading = h(
    'h2',
    { tabindex: -1, id: 'task-heading' },
    `${taskLabel(task)}: ${formatPercent(task.probability)}`,
  );
  replaceChildren(
    root,
    h('p', {}, h('a', { href: '#/queue' }, '\u2190 Back to the queue')),
    heading,
    facts(task, explanation),
    sidesSection(detail, explanation),
    whySection(explanation),
    decisionSection(detail, ctx),
    personsSection(detail),
  );
  heading.focus();
}

function facts(task: ReviewTask, e: Explanation | null): HTMLElement {
  const item = (term: string, value: string): HTMLElement[] => [
    h('dt', {}, term),
    h('dd', {}, value),
  ];
  return h(
    'dl',
    { class: 'facts' },
    item('Status', task.status + (task.decision ? ` (${task.decision})` : '')),
    item('Class', e ? e.matchClass : '\u2014'),
    item('Weight', `${formatWeight(task.weight)} bits`),
    item('Age', formatAge(task.created_at, Date.now())),
    item('Source', task.source ?? '\u2014'),
    item('Assignee', task.assignee ?? 'unassigned'),
    item('Task', shortId(task.id)),
  );
}

function sidesSection(detail: TaskDetail, e: Explanation | null): HTMLElement {
  const sides = sidesOf(detail);
  const rows = compareFields(sides, e?.comparisons ?? []);
  return h(
    'section',
    { 'aria-labelledby': 'sides-heading' },
    h('h3', { id: 'sides-heading' }, 'Side by side'),
    h(
      'table',
      { class: 'sides', id: 'sides-table' },
      h('caption', {}, `${sides.leftTitle} compared with ${sides.rightTitle.toLowerCase()}`),
      tableHead(['Field', sides.leftTitle, sides.rightTitle, 'Agreement', 'Engine']),
      h('tbody', {}, rows.map(fieldRow)),
    ),
  );
}

const AGREEMENT_MARKS: Record<FieldRow['agreement'], string> = {
  same: '\u2713',
  close: '\u2248',
  differs: '\u2260',
  missing: '\u2013',
};

function fieldRow(r: FieldRow): HTMLTableRowElement {
  return h(
    'tr',
    { class: `agree-${r.agreement}`, 'data-field': r.field },
    h('th', { scope: 'row' }, r.label),
    h('td', {}, fieldValueText(r.left)),
    h('td', {}, fieldValueText(r.right)),
    h(
      'td',
      { class: 'agreement' },
      h('span', { 'aria-hidden': 'true' }, `${AGREEMENT_MARKS[r.agreement]} `),
      AGREEMENT_LABELS[r.agreement],
    ),
    h('td', {}, r.engine ? `${r.engine.levelLabel} (${formatWeight(r.engine.weight)})` : '\u2014'),
  );
}

function whySection(e: Explanation | null): HTMLElement {
  const body = e
    ? [
        e.rule
          ? h('p', { class: 'notice' }, `Rule applied: ${e.rule.reason} (${e.rule.outcome}).`)
          : null,
        h('p', {}, marginSentence(e)),
        waterfall(e),
        waterfallTable(e),
      ]
    : [
        h(
          'p',
          {},
          'This task carries no score explanation: it was opened by a rule, not by the score.',
        ),
      ];
  return h(
    'section',
    { 'aria-labelledby': 'why-heading' },
    h('h3', { id: 'why-heading' }, 'Why this score'),
    body,
  );
}

function marginSentence(e: Explanation): string {
  const parts = e.thresholds.map((t) =>
    t.margin >= 0
      ? `${formatWeight(t.margin)} bits above ${t.name}`
      : `${formatWeight(-t.margin).slice(1)} bits short of ${t.name}`,
  );
  return `Total ${formatWeight(e.totalWeight)} bits (${formatPercent(e.probability)}): ${parts.join(', ')}.`;
}

function decisionSection(detail: TaskDetail, ctx: AppContext): HTMLElement {
  const { task } = detail;
  const errors = h('div', { class: 'errors', role: 'alert' });
  const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 1000 });
  const decisions = availableDecisions(task);
  const buttons = decisions.map((d) =>
    h(
      'button',
      { type: 'button', class: `decide decide-${d}`, 'data-decision': d, title: DECISION_HINTS[d] },
      DECISION_LABELS[d],
    ),
  );
  const setBusy = (busy: boolean): void => buttons.forEach((b) => (b.disabled = busy));
  buttons.forEach((button, i) =>
    button.addEventListener('click', () => {
      const decision = decisions[i] as Decision;
      setBusy(true);
      decide(ctx, detail, decision, reason.value.trim()).catch((error: unknown) => {
        setBusy(false);
        ctx.fail(error, errors);
      });
    }),
  );
  const decisionForm =
    decisions.length === 0
      ? h(
          'p',
          {},
          `This task is ${task.status}${task.decision ? `: ${task.decision} by ${task.decided_by ?? 'someone'}` : ''}.`,
        )
      : h(
          'form',
          { class: 'decision', 'aria-labelledby': 'decide-heading' },
          labelled('decision-reason', 'Reason (optional, kept in the audit trail)', reason),
          h('div', { class: 'actions' }, buttons),
        );
  return h(
    'section',
    { 'aria-labelledby': 'decide-heading' },
    h('h3', { id: 'decide-heading' }, 'Decision'),
    decisionForm,
    task.status === 'open' ? assignForm(task, ctx, errors) : null,
    errors,
  );
}

async function decide(
  ctx: AppContext,
  detail: TaskDetail,
  decision: Decision,
  reason: string,
): Promise<void> {
  const { task } = detail;
  await ctx.api.post(
    `/api/reviews/${task.id}/decision`,
    reason ? { decision, reason } : { decision },
  );
  const personId = decision === 'keep-separate' ? null : task.candidate_person_id;
  ctx.flash(
    `${DECISION_DONE[decision]}: task ${shortId(task.id)}.`,
    personId
      ? { href: `#/person/${personId}`, text: 'Open the person (its history can undo this)' }
      : undefined,
  );
  const next = await nextOpenTask(ctx, task.id);
  ctx.navigate(next ? { view: 'task', id: next } : { view: 'queue' });
}

/** The first open task in the steward's queue order, other than the one just decided. */
async function nextOpenTask(ctx: AppContext, current: string): Promise<string | null> {
  const query = queueSearchParams({ ...ctx.filters, status: 'open', page: 1, pageSize: 10 });
  const page = await ctx.api.get<ReviewPage>('/api/reviews', query);
  return page.tasks.find((t) => t.id !== current)?.id ?? null;
}

function assignForm(task: ReviewTask, ctx: AppContext, errors: HTMLElement): HTMLFormElement {
  const input = h('input', {
    name: 'assignee',
    type: 'text',
    autocomplete: 'off',
    maxlength: 200,
    value: task.assignee ?? ctx.api.subject() ?? '',
  });
  const form = h(
    'form',
    { class: 'assign', 'aria-label': 'Assign the task' },
    labelled('assignee', 'Assign to', input),
    h('button', { type: 'submit' }, 'Assign'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const assignee = input.value.trim();
    if (!assignee) return;
    ctx.api.post<ReviewTask>(`/api/reviews/${task.id}/assign`, { assignee }).then(
      () => {
        ctx.flash(`Task ${shortId(task.id)} assigned to ${assignee}.`);
        ctx.navigate({ view: 'task', id: task.id });
      },
      (error: unknown) => ctx.fail(error, errors),
    );
  });
  return form;
}

function personsSection(detail: TaskDetail): HTMLElement {
  const link = (
    label: string,
    personId: string | null,
    count: number | undefined,
  ): HTMLElement | null =>
    personId
      ? h(
          'li',
          {},
          h('a', { href: `#/person/${personId}` }, `${label} ${shortId(personId)}`),
          count === undefined ? '' : ` (${count} record${count === 1 ? '' : 's'})`,
        )
      : null;
  const { task, person, candidate } = detail;
  return h(
    'section',
    { 'aria-labelledby': 'persons-heading' },
    h('h3', { id: 'persons-heading' }, 'Persons'),
    h(
      'ul',
      {},
      link('Current person', task.person_id, person?.records.length),
      task.candidate_person_id !== task.person_id
        ? link('Candidate person', task.candidate_person_id, candidate?.records.length)
        : null,
    ),
  );
}
