import { IdentifierToken, OtherIdentifierToken, OtherIdentifier, Tokenizer } from '../record-types';

/**
 * Identifiers as keyed tokens, each with the tokens of its single-deletion variants (the value
 * with one character removed), all in the identifier's domain. Two values one edit apart then
 * share a token without either raw value being stored (compare/identifier-tokens.ts,
 * `tokenRelation`):
 *   - substitution and adjacent transposition: both have the same deletion variant;
 *   - insertion or deletion: the shorter value's token is a variant of the longer one.
 * Variants are made for digit-like identifiers only (SSN, phone, other identifiers up to
 * MAX_VARIANT_LENGTH). Not for e-mail: an address is long (one HMAC per character), and a
 * one-character difference there usually names another mailbox (jsmith1@ and jsmith2@ of one
 * family), so it is weak evidence of the same person.
 *
 * Values with variants also get a stem token: the value without its last digit (its last
 * character when it has no digit). The variants are sorted so they do not say which position
 * differs; the stem says one thing only, whether two near values differ in their last digit
 * alone: consecutive numbers, also those that end in a letter (a Medicaid number `92201457D`
 * and its twin's `92201458D`).
 */

export const IDENTIFIER_DOMAINS = {
  ssn: 'ssn',
  phone: 'phone',
  email: 'email',
  emailLocalPart: 'email-local-part',
} as const;

/** Longest value that gets deletion variants; longer ones are token-only. */
export const MAX_VARIANT_LENGTH = 20;

/** Domain of an identifier from an assigning authority: the system keeps numbers apart. */
export function otherIdentifierDomain(system: string): string {
  return `other-id|${system}`;
}

/**
 * Domain of stem tokens. Not the identifier's own domain: there the stem would equal the
 * variant that deletes the last character, and so mark that variant's position in the list.
 */
export function stemDomain(domain: string): string {
  return `stem|${domain}`;
}

/** Distinct single-deletion variants of a value, in order of the deleted position. */
export function deletionVariants(value: string): string[] {
  if (value.length < 2) return [];
  const variants: string[] = [];
  for (let i = 0; i < value.length; i++) {
    // Deleting any character of a run gives one variant: skip all but the first.
    if (i > 0 && value.charCodeAt(i) === value.charCodeAt(i - 1)) continue;
    variants.push(value.slice(0, i) + value.slice(i + 1));
  }
  return variants;
}

/**
 * How many characters of a keyed token an SSN's or phone's variants and stem keep when the
 * tokenizer cuts them (Tokenizer.variantChars): 11 base64url characters, 66 bits. They are
 * only tested for equality with one another and with a token's same prefix, and two
 * different values share 66 bits by chance about once in 7 * 10^19 comparisons, so every
 * decision is the whole tokens' while a record stores half the characters. Other
 * identifiers keep whole variants: the `other-id-variant` blocking rule makes keys of them,
 * and stored records hold those keys.
 */
export const VARIANT_TOKEN_CHARS = 11;

export function tokenizeIdentifier(
  tokenize: Tokenizer,
  domain: string,
  value: string,
  withVariants: boolean,
  /** Cut the variants and stem to the tokenizer's variantChars, when it has them. */
  cut = false,
): IdentifierToken {
  const token = tokenize(domain, value);
  if (!withVariants || value.length > MAX_VARIANT_LENGTH) return { token, variants: [] };
  const chars = cut ? tokenize.variantChars : undefined;
  // Sorted, so the stored list says nothing of which position each variant came from.
  const variants = deletionVariants(value);
  for (let i = 0; i < variants.length; i++) {
    const variant = tokenize(domain, variants[i]!);
    variants[i] = chars === undefined ? variant : variant.slice(0, chars);
  }
  variants.sort();
  if (value.length < 2)
    return chars === undefined ? { token, variants } : { token, variants, variantChars: chars };
  const stem = tokenize(stemDomain(domain), withoutLastDigit(value));
  return chars === undefined
    ? { token, variants, stem }
    : { token, variants, stem: stem.slice(0, chars), variantChars: chars };
}

/** The value without its rightmost digit, or without its last character if it has none. */
export function withoutLastDigit(value: string): string {
  for (let i = value.length - 1; i >= 0; i--) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) return value.slice(0, i) + value.slice(i + 1);
  }
  return value.slice(0, -1);
}

/**
 * A record's own key: the exact token only, since a number that names this record is
 * compared with the numbers other records name it by, not searched for typos.
 */
export function tokenizeOwnIdentifier(
  tokenize: Tokenizer,
  id: OtherIdentifier,
): OtherIdentifierToken {
  return {
    system: id.system,
    token: tokenize(otherIdentifierDomain(id.system), id.value),
    variants: [],
    own: true,
  };
}

export function tokenizeOtherIdentifier(
  tokenize: Tokenizer,
  id: OtherIdentifier,
): OtherIdentifierToken {
  return {
    system: id.system,
    ...tokenizeIdentifier(tokenize, otherIdentifierDomain(id.system), id.value, true),
  };
}
