import { MpiError } from '../common/mpi-error';
import { AdministrativeGender } from '../matching/record-types';
import { DateComparison, parseDateSearch } from './search-date';

/**
 * Patient search parameters (pure). Repeating a parameter means AND (FHIR); comma lists (OR)
 * are not supported and are refused rather than misread. Unknown parameters are refused too:
 * a misspelt criterion must not widen a search over patients. Strings match from the start
 * of the folded stored value (`family=smi` finds Smith); `:exact` needs the whole folded value.
 */
export interface TextCriterion {
  value: string;
  exact: boolean;
}

export interface PatientSearch {
  ids: string[];
  identifiers: { system: string; value: string }[];
  family: TextCriterion[];
  given: TextCriterion[];
  birthdate: DateComparison[];
  gender: AdministrativeGender[];
  phone: string[];
  email: string[];
  postalCode: TextCriterion[];
  count: number;
  offset: number;
}

export const SEARCH_PARAMETERS = [
  '_id',
  'identifier',
  'family',
  'given',
  'birthdate',
  'gender',
  'phone',
  'email',
  'address-postalcode',
] as const;
const MODIFIABLE = new Set(['family', 'given', 'address-postalcode']);
const PAGING = new Set(['_count', '_offset', '_format', '_total']);
const GENDERS: ReadonlySet<string> = new Set(['male', 'female', 'other', 'unknown']);
const MAX_OFFSET = 10_000;
/**
 * Repeats of one parameter (AND). Two birth-date bounds make a range; more say nothing new
 * and each costs a condition over every candidate row (`birthdate=ge0001` 800 times took
 * 0.87 s at 18,000 records).
 */
export const MAX_REPEATS = 4;
/** A name or postal-code prefix shorter than this matches a large share of the index. */
export const MIN_PREFIX = 2;

function invalid(location: string, reason: string): MpiError {
  return new MpiError('invalid-input', 'the search is not valid', [{ location, reason }]);
}

function values(query: Record<string, unknown>, key: string): string[] {
  const raw = query[key];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.length > MAX_REPEATS)
    throw invalid(key, `${key} is repeated at most ${MAX_REPEATS} times`);
  return list.map((value) => {
    if (typeof value !== 'string' || value.trim() === '' || value.length > 200)
      throw invalid(key, `${key} takes a non-empty value of at most 200 characters`);
    if (value.includes(',') && key !== '_format')
      throw invalid(
        key,
        `${key}: value lists (a,b) are not supported; repeat the parameter for AND`,
      );
    return value.trim();
  });
}

function integer(
  query: Record<string, unknown>,
  key: string,
  fallback: number,
  max: number,
): number {
  const list = values(query, key);
  if (list.length > 1) throw invalid(key, `${key} is given at most once`);
  const text = list[0];
  if (text === undefined) return fallback;
  if (!/^\d{1,6}$/.test(text) || Number(text) > max)
    throw invalid(key, `${key} is an integer from 0 to ${max}`);
  return Number(text);
}

function checkKeys(query: Record<string, unknown>): void {
  for (const key of Object.keys(query)) {
    // Every modifier is read: `family:exact:zzz` must not pass as `family:exact` and then be
    // ignored, which would drop the criterion and widen the search.
    const [name = '', ...modifiers] = key.split(':');
    const known = (SEARCH_PARAMETERS as readonly string[]).includes(name) || PAGING.has(name);
    if (!known) throw invalid(key, 'unknown search parameter; see /fhir/metadata');
    const modifier = modifiers.join(':');
    if (modifiers.length > 0 && !(MODIFIABLE.has(name) && modifier === 'exact'))
      throw invalid(key, 'only :exact is supported, on family, given and address-postalcode');
  }
  const format = values(query, '_format')[0];
  if (format !== undefined && !/json/.test(format)) throw invalid('_format', 'only JSON is served');
}

function text(query: Record<string, unknown>, name: string): TextCriterion[] {
  const prefixes = values(query, name).map((value) => {
    if ([...value].length < MIN_PREFIX)
      throw invalid(name, `${name} takes at least ${MIN_PREFIX} characters`);
    return { value, exact: false };
  });
  return [...prefixes, ...values(query, `${name}:exact`).map((value) => ({ value, exact: true }))];
}

function identifiers(query: Record<string, unknown>): { system: string; value: string }[] {
  return values(query, 'identifier').map((token) => {
    const bar = token.indexOf('|');
    const system = bar < 0 ? '' : token.slice(0, bar).trim();
    const value = bar < 0 ? '' : token.slice(bar + 1).trim();
    // Identifiers are stored as keyed tokens per system: without the system there is nothing to look up.
    if (system === '' || value === '')
      throw invalid('identifier', 'identifier takes system|value (both parts)');
    return { system, value };
  });
}

export function parsePatientSearch(
  query: Record<string, unknown>,
  paging: { defaultCount: number; maxCount: number },
): PatientSearch {
  checkKeys(query);
  const gender = values(query, 'gender').map((value) => {
    if (!GENDERS.has(value))
      throw invalid('gender', 'gender is one of male, female, other, unknown');
    return value as AdministrativeGender;
  });
  const search: PatientSearch = {
    ids: values(query, '_id'),
    identifiers: identifiers(query),
    family: text(query, 'family'),
    given: text(query, 'given'),
    birthdate: values(query, 'birthdate').map(parseDateSearch),
    gender,
    phone: values(query, 'phone'),
    email: values(query, 'email'),
    postalCode: text(query, 'address-postalcode'),
    count: integer(query, '_count', paging.defaultCount, paging.maxCount),
    offset: integer(query, '_offset', 0, MAX_OFFSET),
  };
  if (!hasCriteria(search)) {
    throw invalid(
      'Patient',
      'give at least one search parameter besides gender and open birth-date ranges: the whole index is not listed',
    );
  }
  return search;
}

/** Before, after or outside a date: alone such a range holds most of the index. */
function isOpenRange(comparison: DateComparison): boolean {
  return comparison.op !== 'between';
}

function hasCriteria(search: PatientSearch): boolean {
  const { count: _count, offset: _offset, gender: _gender, birthdate, ...criteria } = search;
  return (
    birthdate.some((c) => !isOpenRange(c)) ||
    Object.values(criteria).some((list) => list.length > 0)
  );
}

/**
 * A search that finds a patient rather than lists a population: an id or identifier (phone
 * and e-mail are compared as exact tokens too), or a family name with a birth date or closed
 * date range. Callers that are not stewards may search only this way (see PatientSearchService).
 */
export function isSelective(search: PatientSearch): boolean {
  if ([search.ids, search.identifiers, search.phone, search.email].some((l) => l.length > 0))
    return true;
  return search.family.length > 0 && search.birthdate.some((c) => !isOpenRange(c));
}
