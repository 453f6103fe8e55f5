import { MpiError } from '../common/mpi-error';
import { AuditFilter } from './audit-event.repository';

/**
 * FHIR search parameters of GET /fhir/AuditEvent, parsed into an AuditFilter (pure):
 *   date       ge/gt/le/lt/eq + YYYY-MM-DD or an instant, repeatable (a range)
 *   agent, altid, agent-name   the actor (token subject)
 *   subtype    the MPI action (`record.ingest`, optionally `urn:mpi:audit-action|record.ingest`)
 *   outcome    0 success, 4 denied, 8 failure
 *   patient, entity            `Patient/<id>` (a person); entity also takes a source record id
 *   _count (1-200, default 50), _offset
 * Unknown parameters are refused rather than ignored: a typo must not widen a search.
 */
const OUTCOMES: Record<string, string> = { '0': 'success', '4': 'denied', '8': 'failure' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE =
  /^(ge|gt|le|lt|eq)?(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const KNOWN = new Set([
  'date',
  'agent',
  'altid',
  'agent-name',
  'subtype',
  'outcome',
  'patient',
  'entity',
  '_count',
  '_offset',
  '_format',
]);
const MAX_COUNT = 200;

export interface FhirAuditSearch {
  filter: AuditFilter;
  count: number;
  offset: number;
}

function invalid(parameter: string, reason: string): MpiError {
  return new MpiError('invalid-input', 'the search is not valid', [
    { location: parameter, reason },
  ]);
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > 200)
    throw invalid(name, `${name} takes one non-empty value`);
  return value;
}

function integer(
  query: Record<string, unknown>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = single(query, name);
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max)
    throw invalid(name, `${name} is an integer from ${min} to ${max}`);
  return Number(text);
}

/** [start, end) of a date or instant. */
function span(text: string): [Date, Date] {
  const day = text.length === 10;
  const start = new Date(day ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(start.getTime()) || (day && start.toISOString().slice(0, 10) !== text))
    throw invalid('date', 'date is not a valid date');
  return [start, new Date(start.getTime() + (day ? 86_400_000 : 1))];
}

function applyDates(values: unknown, filter: AuditFilter): void {
  const list = Array.isArray(values) ? values : [values];
  if (list.length > 2) throw invalid('date', 'date is given at most twice (a range)');
  for (const value of list) {
    const parsed = typeof value === 'string' ? DATE.exec(value) : null;
    if (!parsed)
      throw invalid('date', 'date takes a prefix (ge, gt, le, lt, eq) and a date or instant');
    const [start, end] = span(value.slice(parsed[1]?.length ?? 0));
    const prefix = parsed[1] ?? 'eq';
    if (prefix === 'ge' || prefix === 'eq') filter.from = start;
    if (prefix === 'gt') filter.from = end;
    if (prefix === 'lt') filter.to = start;
    if (prefix === 'le' || prefix === 'eq') filter.to = end;
  }
}

function applyEntity(value: string, name: string, filter: AuditFilter): void {
  const id = value.startsWith('Patient/') ? value.slice('Patient/'.length) : value;
  if (!UUID.test(id)) throw invalid(name, `${name} is Patient/<id> or an id`);
  if (value.startsWith('Patient/') || name === 'patient') filter.personId = id.toLowerCase();
  else filter.recordId = id.toLowerCase();
}

export function parseFhirAuditSearch(query: Record<string, unknown>): FhirAuditSearch {
  for (const name of Object.keys(query)) {
    if (!KNOWN.has(name)) throw invalid(name, 'unsupported search parameter');
  }
  const count = integer(query, '_count', 50, 1, MAX_COUNT);
  const offset = integer(query, '_offset', 0, 0, 100_000_000);
  const filter: AuditFilter = { limit: count, offset };
  if (query.date !== undefined) applyDates(query.date, filter);
  const actor = single(query, 'agent') ?? single(query, 'altid') ?? single(query, 'agent-name');
  if (actor !== undefined) filter.actor = actor;
  const subtype = single(query, 'subtype');
  if (subtype !== undefined)
    filter.action = subtype.includes('|') ? subtype.slice(subtype.lastIndexOf('|') + 1) : subtype;
  const outcome = single(query, 'outcome');
  if (outcome !== undefined) {
    const mapped = OUTCOMES[outcome];
    if (!mapped) throw invalid('outcome', 'outcome is 0, 4 or 8');
    filter.outcome = mapped;
  }
  for (const name of ['patient', 'entity'] as const) {
    const value = single(query, name);
    if (value !== undefined) applyEntity(value, name, filter);
  }
  return { filter, count, offset };
}
