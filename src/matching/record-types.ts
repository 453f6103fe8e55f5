/**
 * The shapes a patient record takes on its way through the engine.
 *
 *   CanonicalRecord  -- as received (CSV columns / JSON keys), strings only
 *   NormalizedRecord -- cleaned values; identifiers still raw, so it lives in memory only
 *   MatchFeatures    -- what is stored and compared: identifiers only as keyed tokens
 */

/** Canonical CSV columns (docs/interfaces.md section 2.1), in header order. */
export const CANONICAL_COLUMNS = [
  'source',
  'source_id',
  'given_name',
  'middle_name',
  'family_name',
  'suffix',
  'birth_date',
  'sex',
  'ssn',
  'phone',
  'email',
  'address_line',
  'city',
  'state',
  'postal_code',
  'mothers_maiden_name',
  'multiple_birth',
  'other_identifiers',
] as const;

export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/** A record as a source sent it: every value a string, every value but the key optional. */
export type CanonicalRecord = { source?: string; source_id?: string } & Partial<
  Record<Exclude<CanonicalColumn, 'source' | 'source_id'>, string>
>;

export type AdministrativeGender = 'male' | 'female' | 'other' | 'unknown';

export interface OtherIdentifier {
  system: string;
  value: string;
}

/** Why a supplied value was treated as missing (kept so stewards can see it). */
export interface NormalizationIssue {
  field: CanonicalColumn;
  reason: string;
}

export interface NormalizedRecord {
  givenName: string | null;
  /** Canonical given name from the nickname table (`bill` -> `william`), else givenName. */
  givenCanonical: string | null;
  /**
   * Formal names the given name may stand for (see MatchFeatures.givenNicknameGroup); empty
   * when the nickname table does not know the name. Optional so hand-built records still type.
   */
  givenNicknameGroup?: string[];
  /** The given name is a real name (known-given-names.ts), not something a typo made. */
  givenKnown?: boolean;
  /** Not a real name, but one mistyped or misread (near-known-names.ts); false for the rest. */
  givenMistyped?: boolean;
  middleName: string | null;
  familyName: string | null;
  /** Parts of a compound or hyphenated family name (`garcia lopez` -> [garcia, lopez]). */
  familyParts: string[];
  suffix: string | null;
  /** Strict ISO `YYYY-MM-DD`. */
  birthDate: string | null;
  sex: AdministrativeGender | null;
  /** 9 digits, placeholders removed. */
  ssn: string | null;
  /** US 10-digit form, or the digits as given for other numbering plans. */
  phone: string | null;
  email: string | null;
  addressLine: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  mothersMaidenName: string | null;
  /** Birth order for multiples; `true` when only "is a multiple" is known. */
  multipleBirth: number | boolean | null;
  otherIdentifiers: OtherIdentifier[];
  issues: NormalizationIssue[];
}

/** A keyed token of an identifier plus tokens of its single-deletion variants. */
export interface IdentifierToken {
  token: string;
  variants: string[];
  /**
   * Token of the value without its last character, in a domain of its own (see
   * `stemDomain`), set where variants are. Two values one edit apart with equal stems differ
   * only in the last character: the pattern of numbers issued together (twins given
   * consecutive SSNs). Absent on features stored before stems existed: then nothing can be
   * ruled out.
   */
  stem?: string;
  /**
   * Set when the variants and the stem are cut to their first `variantChars` characters (a
   * keyed tokenizer's Tokenizer.variantChars): the token then compares with another's
   * variants by as many characters. Absent: variants and stem are whole tokens.
   */
  variantChars?: number;
}

export interface OtherIdentifierToken extends IdentifierToken {
  system: string;
  /**
   * The record's own key (its source as the system, its source_id as the value): another
   * source's record that names it (a lab order carrying the hospital's MRN) agrees with it;
   * two records' own keys say nothing of each other (two record numbers of one source).
   */
  own?: true;
}

/**
 * The comparable form of a record: stored with it, read back for candidates, and the only
 * input the comparators see. No raw identifier appears here.
 */
export interface MatchFeatures {
  /** Id of the key that made the tokens, so keys can rotate. */
  keyId: string;
  given: string | null;
  givenCanonical: string | null;
  /**
   * Formal names the given name may stand for, from the nickname table (sorted; the name
   * itself included when it is a formal name): `ron` -> [aaron, cameron, ronald, veronica].
   * Two given names are nicknames of one another when their groups share a name, which a single
   * canonical name cannot tell. Optional: features built without it compare by canonical name.
   */
  givenNicknameGroup?: string[];
  /**
   * The given name is a real name people are called (data/reference/given-names or the
   * nickname table). Two alike real names inside one household are two people; an alike
   * string that is no name is a typo. Optional: features stored before it count as unknown.
   */
  givenKnown?: boolean;
  /**
   * A given name that is no real name is one mistyped or misread (within one edit of a real
   * name, or so read back from OCR) rather than a name our lists lack (Pooja, Khoa): only the
   * first is a typo the household guard forgives. Optional: features stored before it count
   * every unknown name as mistyped.
   */
  givenMistyped?: boolean;
  givenMetaphone: string | null;
  middle: string | null;
  family: string | null;
  familyParts: string[];
  familyMetaphone: string | null;
  suffix: string | null;
  birthDate: string | null;
  sex: AdministrativeGender | null;
  ssn: IdentifierToken | null;
  phone: IdentifierToken | null;
  email: IdentifierToken | null;
  /**
   * Keyed token of the e-mail's local part (before the `@`), in a domain of its own: the same
   * mailbox name at a mistyped or another domain. Absent on features stored before it existed,
   * which then compare and block as if it were missing.
   */
  emailLocalPart?: string | null;
  addressLine: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  mothersMaidenName: string | null;
  multipleBirth: number | boolean | null;
  otherIdentifiers: OtherIdentifierToken[];
}

/**
 * Keyed one-way function the tokens module supplies; `domain` separates identifier kinds.
 * `variantChars`, when set, is how many of a token's characters an SSN's or phone's deletion
 * variants and stem keep (identifier-tokens.ts: VARIANT_TOKEN_CHARS): they are only ever
 * tested for equality, so a prefix long enough that two different values never share it by
 * chance decides alike in half the bytes.
 */
export type Tokenizer = ((domain: string, value: string) => string) & {
  readonly variantChars?: number;
};
