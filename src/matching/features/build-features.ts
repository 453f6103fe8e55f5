import { doubleMetaphone } from 'double-metaphone';
import {
  MatchFeatures,
  NormalizedRecord,
  OtherIdentifier,
  OtherIdentifierToken,
  Tokenizer,
} from '../record-types';
import {
  IDENTIFIER_DOMAINS,
  tokenizeIdentifier,
  tokenizeOtherIdentifier,
  tokenizeOwnIdentifier,
} from './identifier-tokens';
import { suffixGeneration } from '../normalize/person-name';

/**
 * The comparable form of a normalized record: names, dates and address as normalized text,
 * phonetic codes of the names, and identifiers only as keyed tokens. Pure: the tokenizer (and
 * with it the key) is injected, and `keyId` names that key so stored features can be
 * re-tokenized after a key rotation.
 */
export function buildFeatures(
  normalized: NormalizedRecord,
  tokenizer: Tokenizer,
  keyId: string,
  /** The record's own key as an identifier (other-identifiers.ts: ownIdentifier), if stored. */
  own: OtherIdentifier | null = null,
): MatchFeatures {
  const { ssn, phone, email } = normalized;
  return {
    keyId,
    given: normalized.givenName,
    givenCanonical: normalized.givenCanonical,
    givenNicknameGroup: normalized.givenNicknameGroup ?? [],
    givenKnown: normalized.givenKnown ?? false,
    givenMistyped: normalized.givenMistyped ?? false,
    givenMetaphone: metaphone(normalized.givenName),
    middle: normalized.middleName,
    family: normalized.familyName,
    familyParts: normalized.familyParts,
    familyMetaphone: metaphone(normalized.familyName),
    suffix: suffixGeneration(normalized.suffix),
    birthDate: normalized.birthDate,
    sex: normalized.sex,
    ssn:
      ssn === null ? null : tokenizeIdentifier(tokenizer, IDENTIFIER_DOMAINS.ssn, ssn, true, true),
    phone:
      phone === null
        ? null
        : tokenizeIdentifier(tokenizer, IDENTIFIER_DOMAINS.phone, phone, true, true),
    email:
      email === null ? null : tokenizeIdentifier(tokenizer, IDENTIFIER_DOMAINS.email, email, false),
    emailLocalPart:
      email === null
        ? null
        : tokenizer(IDENTIFIER_DOMAINS.emailLocalPart, email.slice(0, email.lastIndexOf('@'))),
    addressLine: normalized.addressLine,
    city: normalized.city,
    state: normalized.state,
    postalCode: normalized.postalCode,
    mothersMaidenName: normalized.mothersMaidenName,
    multipleBirth: normalized.multipleBirth,
    otherIdentifiers: withOwnToken(
      normalized.otherIdentifiers.map((id) => tokenizeOtherIdentifier(tokenizer, id)),
      own,
      tokenizer,
    ),
  };
}

/**
 * The features of a record whose key changed (HL7 A47): its own key's token is the new key's.
 * The tokenizer must be the features' key's.
 */
export function withOwnIdentifier(
  features: MatchFeatures,
  own: OtherIdentifier | null,
  tokenizer: Tokenizer,
): MatchFeatures {
  const listed = features.otherIdentifiers.filter((id) => id.own !== true);
  return { ...features, otherIdentifiers: withOwnToken(listed, own, tokenizer) };
}

/** The record's identifier tokens and its own key's, unless it lists that key already. */
function withOwnToken(
  tokens: OtherIdentifierToken[],
  own: OtherIdentifier | null,
  tokenizer: Tokenizer,
): OtherIdentifierToken[] {
  if (own === null) return tokens;
  const token = tokenizeOwnIdentifier(tokenizer, own);
  const listed = tokens.some((id) => id.system === token.system && id.token === token.token);
  return listed ? tokens : [...tokens, token];
}

/** Names coded lately, by name: a few thousand names make up most of any population. */
const metaphones = new Map<string, string | null>();
/** The memo is cleared when it reaches this many names, which bounds its memory. */
const METAPHONE_MEMO_LIMIT = 20_000;

/**
 * Primary Double Metaphone code of a folded name, spaces removed (`de la cruz` is one sound);
 * null when the name has no Latin letters to code. Memoized: the coding is a long chain of
 * string tests, and a bulk load asks it for the same given and family names over and over.
 */
export function metaphone(name: string | null): string | null {
  if (name === null) return null;
  let code = metaphones.get(name);
  if (code === undefined) {
    const primary = doubleMetaphone(name.replaceAll(' ', ''))[0];
    code = primary === '' ? null : primary;
    if (metaphones.size >= METAPHONE_MEMO_LIMIT) metaphones.clear();
    metaphones.set(name, code);
  }
  return code;
}
