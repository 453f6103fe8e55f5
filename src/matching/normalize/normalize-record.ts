import { isKnownGivenName } from './known-given-names';
import { isMistypedName } from './near-known-names';
import {
  CANONICAL_COLUMNS,
  CanonicalColumn,
  CanonicalRecord,
  NormalizationIssue,
  NormalizedRecord,
} from '../record-types';
import {
  normalizePostalCode,
  normalizeAddressLine,
  normalizeCity,
  normalizeState,
} from './address';
import { normalizeBirthDate, utcToday } from './birth-date';
import { normalizeEmail } from './email';
import { FieldResult, dropped } from './field-result';
import { normalizeMultipleBirth } from './multiple-birth';
import { normalizeOtherIdentifiers } from './other-identifiers';
import { normalizeName } from './person-name';
import { normalizePhone } from './phone';
import { ReferenceTables } from './reference-tables';
import { normalizeSex } from './sex';
import { normalizeSsn } from './ssn';
import { foldOrNull } from './text-fold';

/**
 * The importer's one entry point: validates every field of a canonical record and normalizes
 * it. Hard errors (malformed or impossible values, over-long fields) reject the record, and
 * every one is reported at once; soft issues (placeholders) drop the value and keep the reason
 * in `record.issues`. No reason ever contains the submitted value.
 */

/** Longest accepted value of any field but other_identifiers, in UTF-16 code units. */
export const MAX_FIELD_LENGTH = 200;
/** other_identifiers holds several pairs, so it gets more room. */
export const MAX_OTHER_IDENTIFIERS_LENGTH = 1000;

export interface FieldError {
  field: CanonicalColumn;
  reason: string;
}

export type NormalizeResult = { record: NormalizedRecord } | { errors: FieldError[] };

export interface NormalizeOptions {
  /** Today as `YYYY-MM-DD`, for the future-birth-date check; defaults to the UTC date. */
  today?: string;
  /**
   * What a malformed or impossible birth date does: `reject` the record (the default, for live
   * traffic, where the sender can correct it), or `drop` the date and keep the reason as an
   * issue (for loading historical files whose dates were corrupted long ago, e.g. FEBRL).
   */
  invalidBirthDate?: 'reject' | 'drop';
}

type ContentColumn = Exclude<CanonicalColumn, 'source' | 'source_id'>;
type ContentFields = Partial<Record<ContentColumn, string>>;

/** Columns whose content normalizeRecord reads (the record key is the caller's business). */
const CONTENT_COLUMNS = CANONICAL_COLUMNS.filter(
  (c): c is ContentColumn => c !== 'source' && c !== 'source_id',
);

export function normalizeRecord(
  input: CanonicalRecord,
  tables: ReferenceTables,
  options: NormalizeOptions = {},
): NormalizeResult {
  const shape = checkShape(input);
  if ('errors' in shape) return shape;
  const fields = shape.fields;
  const { take, errors, issues } = collector(fields);
  const today = options.today ?? utcToday();
  const free = (raw: string | undefined, fold: (raw: string) => string | null): string | null =>
    raw === undefined ? null : fold(raw);
  const name = normalizeName(
    {
      given: fields.given_name,
      middle: fields.middle_name,
      family: fields.family_name,
      suffix: fields.suffix,
    },
    tables.nicknames,
    tables.nonNames,
  );
  const isKnown = (given: string): boolean =>
    isKnownGivenName(tables.givenNames, tables.nicknames, given);
  const givenKnown = name.givenName !== null && isKnown(name.givenName);
  // Properties written out, not `...name`: spreading then adding 14 more properties sends V8
  // down a slow path (~14 us per record, measured), a third of the whole ingest budget.
  const record: NormalizedRecord = {
    givenName: name.givenName,
    givenCanonical: name.givenCanonical,
    givenNicknameGroup: name.givenNicknameGroup,
    givenKnown,
    givenMistyped:
      name.givenName !== null &&
      !givenKnown &&
      isMistypedName(tables.nearGivenNames, isKnown, name.givenName),
    middleName: name.middleName,
    familyName: name.familyName,
    familyParts: name.familyParts,
    suffix: name.suffix,
    birthDate: take('birth_date', (raw) => birthDate(raw, today, options.invalidBirthDate)),
    sex: take('sex', normalizeSex),
    ssn: take('ssn', normalizeSsn),
    phone: take('phone', normalizePhone),
    email: take('email', normalizeEmail),
    addressLine: free(fields.address_line, normalizeAddressLine),
    city: free(fields.city, normalizeCity),
    state: free(fields.state, normalizeState),
    postalCode: take('postal_code', normalizePostalCode),
    mothersMaidenName: foldOrNull(fields.mothers_maiden_name),
    multipleBirth:
      take('multiple_birth', normalizeMultipleBirth) ?? name.newbornPlaceholder?.birthOrder ?? null,
    otherIdentifiers: take('other_identifiers', normalizeOtherIdentifiers) ?? [],
    issues,
  };
  if (name.newbornPlaceholder !== null)
    issues.push({ field: 'given_name', reason: 'a newborn placeholder, not a name' });
  for (const field of name.nonNames)
    issues.push({ field, reason: 'a placeholder written for a name, not a name' });
  return errors.length > 0 ? { errors } : { record };
}

function birthDate(
  raw: string,
  today: string,
  invalid: NormalizeOptions['invalidBirthDate'] = 'reject',
): FieldResult<string> {
  const result = normalizeBirthDate(raw, today);
  return result.ok || invalid === 'reject'
    ? result
    : dropped(`${result.error}, treated as missing`);
}

/** Runs field normalizers, sorting their outcomes into values, errors and issues. */
function collector(fields: ContentFields): {
  take: <T>(field: ContentColumn, normalize: (raw: string) => FieldResult<T>) => T | null;
  errors: FieldError[];
  issues: NormalizationIssue[];
} {
  const errors: FieldError[] = [];
  const issues: NormalizationIssue[] = [];
  const take = <T>(field: ContentColumn, normalize: (raw: string) => FieldResult<T>): T | null => {
    const raw = fields[field];
    if (raw === undefined) return null;
    const result = normalize(raw);
    if (!result.ok) errors.push({ field, reason: result.error });
    else if (result.issue !== undefined) issues.push({ field, reason: result.issue });
    return result.ok ? result.value : null;
  };
  return { take, errors, issues };
}

/**
 * Values must be text within the length limits; checked before any parsing. A JSON `null` is
 * a missing value, as an empty cell is.
 */
function checkShape(input: CanonicalRecord): { fields: ContentFields } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fields: ContentFields = {};
  for (const field of CONTENT_COLUMNS) {
    const value: unknown = input[field];
    if (value === undefined || value === null) continue;
    const limit = field === 'other_identifiers' ? MAX_OTHER_IDENTIFIERS_LENGTH : MAX_FIELD_LENGTH;
    if (typeof value !== 'string') errors.push({ field, reason: `${field} must be text` });
    else if (value.length > limit) {
      errors.push({ field, reason: `${field} is longer than ${limit} characters` });
    } else fields[field] = value;
  }
  return errors.length > 0 ? { errors } : { fields };
}
