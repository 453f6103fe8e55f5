import { MpiError } from '../common/mpi-error';
import { isCalendarDate } from '../matching/normalize/birth-date';
import { GoldenField, GoldenValue } from './golden-record';

/**
 * A steward's pinned value, checked and normalized per field before it is stored: a pin
 * of the wrong type (`123`, `{}`, `[]`, `true` for a name) once made every read and search
 * page holding that person answer 500 until unpinned, and markup in a pinned name was served
 * as is. Names and address parts are text of at most 200 characters without markup or
 * control characters; birthDate a calendar date; sex a FHIR administrative gender;
 * multipleBirth a birth order (1-20) or a boolean.
 */
const SEXES: ReadonlySet<string> = new Set(['male', 'female', 'other', 'unknown']);
const MAX_TEXT = 200;
// Markup and control characters have no place in a name or an address.
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const FORBIDDEN = /[<>\u0000-\u001f\u007f]/;

function refuse(field: string, reason: string): MpiError {
  return new MpiError('invalid-input', 'the pinned value is not valid', [
    { location: field, reason },
  ]);
}

function text(field: string, value: unknown): string {
  if (typeof value !== 'string') throw refuse(field, `${field} is pinned as text`);
  const normalized = value.trim().replace(/\s+/g, ' ');
  if (normalized === '' || normalized.length > MAX_TEXT)
    throw refuse(field, `${field} takes 1 to ${MAX_TEXT} characters`);
  if (FORBIDDEN.test(normalized))
    throw refuse(field, `${field} may not hold markup or control characters`);
  return normalized;
}

function birthDate(value: unknown): string {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim()) : null;
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])))
    throw refuse('birthDate', 'birthDate is pinned as a calendar date YYYY-MM-DD');
  return match[0];
}

function sex(value: unknown): string {
  const normalized = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!SEXES.has(normalized)) throw refuse('sex', 'sex is one of male, female, other, unknown');
  return normalized;
}

function multipleBirth(value: unknown): number | boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 20)
    return value;
  throw refuse('multipleBirth', 'multipleBirth is a birth order from 1 to 20, or a boolean');
}

/** The value to store for a pin; null (remove the pin) passes as is. */
export function pinValueFor(field: GoldenField, value: unknown): GoldenValue | null {
  if (value === null || value === undefined) return null;
  switch (field) {
    case 'birthDate':
      return birthDate(value);
    case 'sex':
      return sex(value) as GoldenValue;
    case 'multipleBirth':
      return multipleBirth(value);
    default:
      return text(field, value);
  }
}
