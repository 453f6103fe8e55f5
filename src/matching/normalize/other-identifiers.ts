import { OtherIdentifier } from '../record-types';
import { FieldResult, invalid, present } from './field-result';

/**
 * Further identifiers as `system|value` pairs separated by `;` (Medicaid number, driver's
 * licence, ...). The system (assigning authority) is trimmed and lower-cased; the value keeps
 * only its letters and digits, upper-cased, so `d123-456 789` and `D123456789` are one number.
 * Empty entries (a trailing `;`) are ignored and repeated pairs kept once. A malformed entry is
 * an error naming its position, never its content.
 */
const NOT_ALPHANUMERIC = /[^\p{L}\p{N}]+/gu;
/** Most identifiers an entry may carry, so one record cannot make an unbounded token list. */
export const MAX_OTHER_IDENTIFIERS = 20;

export function normalizeOtherIdentifiers(raw: string): FieldResult<OtherIdentifier[]> {
  const entries = raw.split(';').filter((entry) => entry.trim() !== '');
  const seen = new Set<string>();
  const identifiers: OtherIdentifier[] = [];
  for (const [index, entry] of entries.entries()) {
    const parsed = parseEntry(entry);
    if (parsed === null) {
      return invalid(`other_identifiers entry ${index + 1} is not a system|value pair`);
    }
    const key = `${parsed.system}|${parsed.value}`;
    if (!seen.has(key)) identifiers.push(parsed);
    seen.add(key);
  }
  if (identifiers.length > MAX_OTHER_IDENTIFIERS) {
    return invalid(`other_identifiers has more than ${MAX_OTHER_IDENTIFIERS} entries`);
  }
  return present(identifiers);
}

function parseEntry(entry: string): OtherIdentifier | null {
  const bar = entry.indexOf('|');
  if (bar < 0 || entry.indexOf('|', bar + 1) >= 0) return null;
  return identifierOf(entry.slice(0, bar), entry.slice(bar + 1));
}

/** A system and value in the normalized form, or null when either is empty. */
function identifierOf(rawSystem: string, rawValue: string): OtherIdentifier | null {
  const system = rawSystem.trim().toLowerCase();
  const value = rawValue.normalize('NFKC').replace(NOT_ALPHANUMERIC, '').toUpperCase();
  return system === '' || value === '' ? null : { system, value };
}

/**
 * The record's key as an identifier of its person: the source names the assigning authority
 * (a FHIR identifier system, an HL7 namespace), the source_id is its number (the MRN).
 */
export function ownIdentifier(source: string, sourceId: string): OtherIdentifier | null {
  return identifierOf(source, sourceId);
}
