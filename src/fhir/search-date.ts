import { MpiError } from '../common/mpi-error';
import { isCalendarDate } from '../matching/normalize/birth-date';

/**
 * A FHIR date search value (`birthdate=ge1980`, `birthdate=1980-05`) as a test on the stored
 * `YYYY-MM-DD` birth date (pure). The value is a range at its own precision (a year is
 * 1980-01-01..1980-12-31) and the prefix compares the stored day with that range, as FHIR
 * defines for ranges: eq inside it, ne outside, lt/eb before its start, le up to its end,
 * gt/sa after its end, ge from its start. `ap` (approximately) is not supported.
 */
export type DateComparison =
  | { op: 'between' | 'outside'; low: string; high: string }
  | { op: '<' | '<=' | '>' | '>='; value: string };

const VALUE = /^(eq|ne|lt|gt|le|ge|sa|eb)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function invalid(reason: string): MpiError {
  return new MpiError('invalid-input', 'the search is not valid', [
    { location: 'birthdate', reason },
  ]);
}

export function parseDateSearch(text: string): DateComparison {
  const match = VALUE.exec(text);
  if (!match)
    throw invalid(
      'birthdate takes an optional prefix (eq, ne, lt, gt, le, ge, sa, eb) and YYYY, YYYY-MM or YYYY-MM-DD',
    );
  const [, prefix = 'eq', year = '', month, day] = match;
  const [low, high] = range(
    Number(year),
    month === undefined ? undefined : Number(month),
    day === undefined ? undefined : Number(day),
  );
  switch (prefix) {
    case 'eq':
      return { op: 'between', low, high };
    case 'ne':
      return { op: 'outside', low, high };
    case 'lt':
    case 'eb':
      return { op: '<', value: low };
    case 'le':
      return { op: '<=', value: high };
    case 'gt':
    case 'sa':
      return { op: '>', value: high };
    default:
      return { op: '>=', value: low };
  }
}

function range(year: number, month: number | undefined, day: number | undefined): [string, string] {
  const y = String(year).padStart(4, '0');
  if (month === undefined) return [`${y}-01-01`, `${y}-12-31`];
  if (month < 1 || month > 12) throw invalid('birthdate has a month outside 01-12');
  const m = String(month).padStart(2, '0');
  if (day === undefined)
    return [`${y}-${m}-01`, `${y}-${m}-${String(lastDay(year, month)).padStart(2, '0')}`];
  if (!isCalendarDate(year, month, day)) throw invalid('birthdate is not a valid calendar date');
  const date = `${y}-${m}-${String(day).padStart(2, '0')}`;
  return [date, date];
}

function lastDay(year: number, month: number): number {
  for (let day = 31; day > 28; day--) if (isCalendarDate(year, month, day)) return day;
  return 28;
}
