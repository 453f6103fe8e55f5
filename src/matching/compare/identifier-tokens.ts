import { IdentifierToken, OtherIdentifierToken } from '../record-types';

/**
 * Whether two further identifiers say anything of each other: numbers under one authority,
 * but not two records' own keys (OtherIdentifierToken.own), which are two record numbers of
 * one source and say nothing of their patients.
 */
export function comparableIdentifiers(x: OtherIdentifierToken, y: OtherIdentifierToken): boolean {
  return x.system === y.system && !(x.own === true && y.own === true);
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

function withinOneEditOnly(a: IdentifierToken, b: IdentifierToken): boolean {
  const va = a.variants;
  const vb = b.variants;
  for (let i = 0; i < vb.length; i++) if (vb[i] === a.token) return true;
  for (let i = 0; i < va.length; i++) {
    const variant = va[i];
    if (variant === b.token) return true;
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

/** Words an explanation shows for a relation: the tokens themselves are never shown. */
export const TOKEN_RELATION_WORDS: readonly string[] = ['match', 'one edit', 'differs'];
