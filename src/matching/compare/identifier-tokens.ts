import { IdentifierToken, OtherIdentifierToken } from '../record-types';

/**
 * Whether two further identifiers say anything of each other: numbers under one authority,
 * but not two records' own keys (OtherIdentifierToken.own) that differ, which are two record
 * numbers of one source and say nothing of their patients. One own key on both is one record
 * number charted twice (a newborn renamed under its MRN, or twins under one), as it would be
 * written under the source's MRN system.
 */
export function comparableIdentifiers(x: OtherIdentifierToken, y: OtherIdentifierToken): boolean {
  return x.system === y.system && (!(x.own === true && y.own === true) || x.token === y.token);
}

/**
 * Two record numbers that differ say nothing of the patient: a source that registers one
 * patient twice gives two numbers, and that duplicate is what the MPI is for. Equal, one typo or
 * consecutive, they still do (one number charted twice, or two issued together to twins).
 */
export function differentRecordNumbers(
  x: OtherIdentifierToken,
  y: OtherIdentifierToken,
  relation: number,
): boolean {
  return relation === TOKENS_DIFFERENT && isRecordNumber(x) && isRecordNumber(y);
}

/**
 * A system named for a record's number rather than a person's: an MRN, a chart number, HL7's
 * identifier types MR (medical record), PI (patient internal) and AN (account number).
 */
const RECORD_NUMBER_SYSTEM =
  /(?:^|[^a-z0-9])(?:mrn|mr|pi|an|chart|medical[^a-z0-9]*records?)(?:[^a-z0-9]|$)/;

/**
 * A number given to a record, not carried by a person: a record's own key (its source's MRN)
 * or an identifier under a system named for one. A clinic charts one twin's visit under the
 * other's MRN, and registers one patient twice under two.
 */
export function isRecordNumber(token: IdentifierToken | OtherIdentifierToken): boolean {
  return 'system' in token && (token.own === true || RECORD_NUMBER_SYSTEM.test(token.system));
}

/**
 * A system named for a number a person carries wherever it is written: a social-security or
 * national number, a Medicaid or Medicare number (Medicare's MBI), a passport, a driver's
 * licence, a plan's member number, a tribal enrollment or census number.
 */
const PERSONAL_NUMBER_SYSTEM =
  /ssn|soc(?:ial)?[^a-z0-9]*sec|medicaid|medicare|passport|licen[cs]e|driver|national|member|census|enrol|(?:^|[^a-z0-9])(?:dl|nhs|ni|mbi)(?:[^a-z0-9]|$)/;

/**
 * A number of the person's own: the SSN, or an identifier under a system named for such a
 * number. A system that says neither (an OID, a bare facility code) may be a record number, and
 * is not trusted as the person's.
 */
export function isPersonalNumber(token: IdentifierToken | OtherIdentifierToken): boolean {
  if (!('system' in token)) return true;
  return !isRecordNumber(token) && PERSONAL_NUMBER_SYSTEM.test(token.system);
}

/**
 * How two identifier tokens (same key, same domain) relate. Each token carries the tokens of
 * its single-deletion variants, so "one edit apart" is decided without any raw value:
 *   - one value is the other with a character deleted: its token is among the other's variants;
 *   - a substitution or adjacent transposition: both share a deletion variant.
 * (A shared variant also holds for a few distance-2 pairs; that is the price of never seeing
 * the values.) Values are numbers so the hot path compares integers.
 */
export const TOKENS_EQUAL = 0;
export const TOKENS_ONE_EDIT = 1;
export const TOKENS_DIFFERENT = 2;

export type TokenRelation = typeof TOKENS_EQUAL | typeof TOKENS_ONE_EDIT | typeof TOKENS_DIFFERENT;

export function tokenRelation(a: IdentifierToken, b: IdentifierToken): TokenRelation {
  if (a.token === b.token) return TOKENS_EQUAL;
  return withinOneEditOnly(a, b) ? TOKENS_ONE_EDIT : TOKENS_DIFFERENT;
}

/** A token in the form of `holder`'s variants: cut as they are (IdentifierToken.variantChars). */
function tokenAsVariantOf(token: string, holder: IdentifierToken): string {
  return holder.variantChars === undefined ? token : token.slice(0, holder.variantChars);
}

function withinOneEditOnly(a: IdentifierToken, b: IdentifierToken): boolean {
  const va = a.variants;
  const vb = b.variants;
  // Variants may be cut (IdentifierToken.variantChars): a token meets them in their form.
  const aToken = tokenAsVariantOf(a.token, b);
  for (let i = 0; i < vb.length; i++) if (vb[i] === aToken) return true;
  const bToken = tokenAsVariantOf(b.token, a);
  for (let i = 0; i < va.length; i++) {
    const variant = va[i];
    if (variant === bToken) return true;
    for (let j = 0; j < vb.length; j++) if (vb[j] === variant) return true;
  }
  return false;
}

/**
 * Whether two tokens one edit apart may differ in their last character alone: their stems
 * (the values without the last character) are equal -- or either has no stem (stored before
 * stems existed), when it cannot be ruled out. Consecutive numbers look exactly like this,
 * and numbers issued together are consecutive: twins registered at birth, a family enumerated
 * at once. Only meaningful for tokens already known to be one edit apart.
 */
export function mayDifferInLastCharacterOnly(a: IdentifierToken, b: IdentifierToken): boolean {
  return a.stem === undefined || b.stem === undefined || a.stem === b.stem;
}

/** One edit apart in the last character alone, as both stems show (not merely may). */
export function differInLastCharacterOnly(a: IdentifierToken, b: IdentifierToken): boolean {
  return tokenRelation(a, b) === TOKENS_ONE_EDIT && a.stem !== undefined && a.stem === b.stem;
}

/** Words an explanation shows for a relation: the tokens themselves are never shown. */
export const TOKEN_RELATION_WORDS: readonly string[] = ['match', 'one edit', 'differs'];
