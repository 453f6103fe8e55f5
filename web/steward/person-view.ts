import { LinkEvent, PersonRecord, PersonView } from './api-types';
import { AppContext, Cleanup } from './app-context';
import { canUndo, eventLabel } from './decisions';
import { h, labelled, replaceChildren, tableHead } from './dom';
import { FIELDS } from './field-comparison';
import { fieldValueText, formatPercent, formatTimestamp, shortId } from './format';

/**
 * A person: the golden record with each value's provenance (record, source, strategy), the
 * linked source records, and the history of link events, each with an Undo button while it
 * can still be undone.
 */
export async function renderPerson(
  root: HTMLElement,
  ctx: AppContext,
  id: string,
): Promise<Cleanup | void> {
  replaceChildren(root, h('p', { 'aria-busy': 'true' }, 'Loading person\u2026'));
  const [person, history] = await Promise.all([
    ctx.api.get<PersonView>(`/api/persons/${id}`),
    ctx.api.get<LinkEvent[]>(`/api/persons/${id}/history`),
  ]);
  const heading = h('h2', { tabindex: -1, id: 'person-heading' }, `Person ${shortId(person.id)}`);
  replaceChildren(
    root,
    h('p', {}, h('a', { href: '#/queue' }, '\u2190 Back to the queue')),
    heading,
    statusLine(person),
    goldenSection(person),
    recordsSection(person.records),
    historySection(history, ctx, id),
  );
  heading.focus();
}

function statusLine(person: PersonView): HTMLElement {
  return h(
    'p',
    { class: 'person-status', id: 'person-status' },
    `Status: ${person.status}, version ${person.version}, updated ${formatTimestamp(person.updatedAt)}. Id ${person.id}.`,
    person.mergedInto
      ? [
          ' Merged into ',
          h('a', { href: `#/person/${person.mergedInto}` }, `person ${shortId(person.mergedInto)}`),
          '.',
        ]
      : null,
  );
}

function goldenSection(person: PersonView): HTMLElement {
  const rows = FIELDS.flatMap(({ field, label }) => {
    const value = person.golden[field];
    if (!value) return [];
    const pinned = person.pins[field] !== undefined && person.pins[field] !== null;
    return [
      h(
        'tr',
        { 'data-field': field },
        h('th', { scope: 'row' }, label),
        h('td', {}, fieldValueText(value.value)),
        h('td', {}, value.source ?? '\u2014'),
        h('td', {}, pinned ? 'pinned by a steward' : value.strategy),
        h('td', { class: 'reason' }, pinned ? '\u2014' : (value.reason ?? '\u2014')),
        h('td', { class: 'mono' }, shortId(value.recordId)),
      ),
    ];
  });
  return h(
    'section',
    { 'aria-labelledby': 'golden-heading' },
    h('h3', { id: 'golden-heading' }, 'Golden record'),
    rows.length === 0
      ? h('p', {}, 'No golden values: the person has no linked records.')
      : h(
          'table',
          { class: 'golden', id: 'golden-table' },
          h(
            'caption',
            {},
            'Each value with the record and source it came from, the survivorship strategy that chose it and why',
          ),
          tableHead(['Field', 'Value', 'Source', 'Strategy', 'Why', 'Record']),
          h('tbody', {}, rows),
        ),
  );
}

function recordsSection(records: readonly PersonRecord[]): HTMLElement {
  const name = (r: PersonRecord): string =>
    [r.demographics.givenName, r.demographics.familyName].filter((v) => v).join(' ') || '\u2014';
  return h(
    'section',
    { 'aria-labelledby': 'records-heading' },
    h('h3', { id: 'records-heading' }, `Linked records (${records.length})`),
    records.length === 0
      ? h('p', {}, 'No linked records.')
      : h(
          'table',
          { class: 'records', id: 'records-table' },
          h('caption', {}, 'Source records linked to this person'),
          tableHead(['Record', 'Source', 'Link', 'Score', 'Name', 'Birth date', 'Address']),
          h(
            'tbody',
            {},
            records.map((r) =>
              h(
                'tr',
                { 'data-record-id': r.recordId },
                h('td', { class: 'mono' }, shortId(r.recordId)),
                h('td', {}, r.source),
                h('td', {}, r.linkKind),
                h('td', { class: 'num' }, formatPercent(r.probability)),
                h('td', {}, name(r)),
                h('td', {}, fieldValueText(r.demographics.birthDate)),
                h('td', {}, fieldValueText(r.demographics.addressLine)),
              ),
            ),
          ),
        ),
  );
}

function historySection(
  events: readonly LinkEvent[],
  ctx: AppContext,
  personId: string,
): HTMLElement {
  const errors = h('div', { class: 'errors', role: 'alert' });
  const reason = h('input', {
    type: 'text',
    name: 'undo-reason',
    autocomplete: 'off',
    maxlength: 1000,
  });
  const undo = undoAction(ctx, personId, reason, errors);
  const newestFirst = [...events].reverse();
  return h(
    'section',
    { 'aria-labelledby': 'history-heading' },
    h('h3', { id: 'history-heading' }, 'History'),
    labelled('undo-reason', 'Reason for an undo (optional)', reason),
    errors,
    h(
      'table',
      { class: 'history', id: 'history-table' },
      h('caption', {}, 'Link events of this person, newest first'),
      tableHead(['When', 'Event', 'By', 'Record', 'From', 'To', 'Score', 'Reason', 'Undo']),
      h(
        'tbody',
        {},
        newestFirst.map((e) => historyRow(e, undo)),
      ),
    ),
  );
}

type Undo = (event: LinkEvent, button: HTMLButtonElement) => void;

/** Undoes one event with the optional reason, then shows the person as it is now. */
function undoAction(
  ctx: AppContext,
  personId: string,
  reason: HTMLInputElement,
  errors: HTMLElement,
): Undo {
  return (event, button) => {
    button.disabled = true;
    const body = reason.value.trim() ? { reason: reason.value.trim() } : {};
    ctx.api.post(`/api/events/${event.id}/undo`, body).then(
      () => {
        ctx.flash(`Undone: ${eventLabel(event.kind).toLowerCase()} (event ${event.id}).`);
        ctx.navigate({ view: 'person', id: personId });
      },
      (error: unknown) => {
        button.disabled = false;
        ctx.fail(error, errors);
      },
    );
  };
}

function historyRow(e: LinkEvent, undo: Undo): HTMLTableRowElement {
  const person = (id: string | null): HTMLElement | string =>
    id ? h('a', { href: `#/person/${id}` }, shortId(id)) : '\u2014';
  let action: HTMLElement | string =
    e.undone_by !== null && e.undone_by !== undefined ? `undone (event ${e.undone_by})` : '\u2014';
  if (canUndo(e)) {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'undo',
        'data-event-id': String(e.id),
        'aria-label': `Undo ${eventLabel(e.kind).toLowerCase()}, event ${e.id}`,
      },
      'Undo',
    );
    button.addEventListener('click', () => undo(e, button));
    action = button;
  }
  return h(
    'tr',
    { 'data-event-id': String(e.id), 'data-kind': e.kind },
    h('td', {}, formatTimestamp(e.at)),
    h('td', {}, eventLabel(e.kind)),
    h('td', {}, e.actor),
    h('td', { class: 'mono' }, shortId(e.record_id)),
    h('td', {}, person(e.from_person_id)),
    h('td', {}, person(e.person_id)),
    h('td', { class: 'num' }, formatPercent(e.probability)),
    h('td', {}, e.reason ?? '\u2014'),
    h('td', {}, action),
  );
}
