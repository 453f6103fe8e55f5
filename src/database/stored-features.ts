import { VARIANT_TOKEN_CHARS } from '../matching/features/identifier-tokens';
import { IdentifierToken, MatchFeatures, OtherIdentifierToken } from '../matching/record-types';

/**
 * The stored form of a record's features (source_record.features, jsonb): the same values,
 * compact. Field names are shortened (a third of the text was names), a null or empty field
 * is left out, and an identifier keeps `token` with its variants and stem under `v` and `s`;
 * variants as long as the token (all of them: tokens have one length) are kept as one string,
 * end to end, which jsonb holds in 4 bytes fewer a variant than a list (about 90 bytes a
 * record); an SSN's or phone's variants, cut to VARIANT_TOKEN_CHARS characters, under `w`.
 * `keyId`, `ssn`, `phone`, `email`, `otherIdentifiers` and their `token` and `system` keep
 * their names: FHIR search, its indexes and key rotation checks read them in SQL. Decoding
 * gives back exactly the object that was encoded, and reads a row stored in the full form
 * unchanged, so rows written before this form need no rewrite. Only repositories use this: everything above them sees MatchFeatures.
 */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  given: 'g',
  givenCanonical: 'gc',
  givenNicknameGroup: 'gn',
  givenKnown: 'gk',
  givenMistyped: 'gt',
  givenMetaphone: 'gm',
  middle: 'm',
  family: 'f',
  familyParts: 'fp',
  familyMetaphone: 'fm',
  suffix: 'sx',
  birthDate: 'b',
  sex: 'x',
  emailLocalPart: 'el',
  addressLine: 'a',
  city: 'c',
  state: 'st',
  postalCode: 'p',
  mothersMaidenName: 'mm',
  multipleBirth: 'mb',
};

const FULL_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries(SHORT_NAMES).map(([full, short]) => [short, full]),
);

/** Fields every MatchFeatures has: left out when null (or empty), given back on decoding. */
const NULLABLE = [
  'given',
  'givenCanonical',
  'givenMetaphone',
  'middle',
  'family',
  'familyMetaphone',
  'suffix',
  'birthDate',
  'sex',
  'ssn',
  'phone',
  'email',
  'addressLine',
  'city',
  'state',
  'postalCode',
  'mothersMaidenName',
  'multipleBirth',
] as const;
const LISTS = ['familyParts', 'otherIdentifiers'] as const;
const OMITTABLE: ReadonlySet<string> = new Set<string>([...NULLABLE, ...LISTS]);
const IDENTIFIERS: ReadonlySet<string> = new Set(['ssn', 'phone', 'email']);
/** Identifiers whose variants and stem the tokenizer cuts (build-features.ts). */
const CUT: ReadonlySet<string> = new Set(['ssn', 'phone']);

/** Features as a row holds them (see encodeFeatures). */
export type StoredFeatures = Record<string, unknown>;

type StoredIdentifier = {
  token: string;
  /** The variants, end to end when each is as long as the token, else a list. */
  v?: string | string[];
  /** The variants cut to VARIANT_TOKEN_CHARS characters, end to end. */
  w?: string;
  s?: string;
  system?: string;
  own?: true;
};

function encodeIdentifier(id: IdentifierToken | OtherIdentifierToken): StoredIdentifier {
  // Properties set one by one, not spread from conditional objects: a bulk load encodes
  // about five identifiers a record, and the spreads were most of encodeFeatures' time.
  const stored: StoredIdentifier =
    'system' in id ? { system: id.system, token: id.token } : { token: id.token };
  if (id.variants.length > 0) {
    if (id.variantChars === VARIANT_TOKEN_CHARS) stored.w = id.variants.join('');
    else stored.v = packVariants(id.token.length, id.variants);
  }
  if (id.stem !== undefined) stored.s = id.stem;
  if ('own' in id && id.own === true) stored.own = true;
  return stored;
}

/**
 * A stored identifier in any form: the full one carries `variants`, the compact one `v`
 * (whole variants) or `w` (cut variants). `cut`: an SSN or phone, whose whole keyed variants
 * and stem, stored before variants were cut, are cut on reading, as the tokenizer now cuts
 * them (identifier-tokens.ts: VARIANT_TOKEN_CHARS), so old and new rows compare alike.
 */
function decodeIdentifier(stored: StoredIdentifier, cut: boolean): IdentifierToken {
  if ('variants' in stored) {
    const full = stored as unknown as IdentifierToken;
    return cut ? cutWhole(full) : full;
  }
  const { v, w, s, ...rest } = stored;
  if (w !== undefined) {
    const variants = unpackVariants(VARIANT_TOKEN_CHARS, w);
    return s === undefined
      ? { ...rest, variants, variantChars: VARIANT_TOKEN_CHARS }
      : { ...rest, variants, stem: s, variantChars: VARIANT_TOKEN_CHARS };
  }
  const variants = typeof v === 'string' ? unpackVariants(rest.token.length, v) : (v ?? []);
  const id: IdentifierToken = { ...rest, variants, ...(s === undefined ? {} : { stem: s }) };
  return cut ? cutWhole(id) : id;
}

/**
 * Whole keyed variants and stem (each as long as the token, which is longer than the cut)
 * cut as the tokenizer cuts them now; anything else as it is.
 */
function cutWhole(id: IdentifierToken): IdentifierToken {
  const length = id.token.length;
  if (id.variantChars !== undefined || length <= VARIANT_TOKEN_CHARS) return id;
  if (id.variants.some((variant) => variant.length !== length)) return id;
  if (id.stem !== undefined && id.stem.length !== length) return id;
  const variants = id.variants.map((variant) => variant.slice(0, VARIANT_TOKEN_CHARS));
  return id.stem === undefined
    ? { ...id, variants, variantChars: VARIANT_TOKEN_CHARS }
    : {
        ...id,
        variants,
        stem: id.stem.slice(0, VARIANT_TOKEN_CHARS),
        variantChars: VARIANT_TOKEN_CHARS,
      };
}

function packVariants(length: number, variants: string[]): string | string[] {
  if (length === 0) return variants;
  for (const variant of variants) if (variant.length !== length) return variants;
  return variants.join('');
}

function unpackVariants(length: number, packed: string): string[] {
  const variants: string[] = [];
  for (let at = 0; at < packed.length; at += length) variants.push(packed.slice(at, at + length));
  return variants;
}

/** The object to store as JSON. */
export function encodeFeatures(features: MatchFeatures): StoredFeatures {
  const stored: StoredFeatures = {};
  const fields = features as unknown as Record<string, unknown>;
  for (const field of Object.keys(fields)) {
    const value = fields[field];
    if (OMITTABLE.has(field) && (value === null || (Array.isArray(value) && value.length === 0)))
      continue;
    const name = SHORT_NAMES[field] ?? field;
    if (IDENTIFIERS.has(field)) stored[name] = encodeIdentifier(value as IdentifierToken);
    else if (field === 'otherIdentifiers')
      stored[name] = (value as OtherIdentifierToken[]).map(encodeIdentifier);
    else stored[name] = value;
  }
  return stored;
}

/** The features a stored object (either form) holds. */
export function decodeFeatures(stored: StoredFeatures): MatchFeatures {
  const features: Record<string, unknown> = {};
  for (const field of NULLABLE) features[field] = null;
  for (const field of LISTS) features[field] = [];
  // A row parsed from JSON: its own keys only, walked without Object.entries' pair arrays (a
  // $match decodes every candidate's features).
  for (const name in stored) {
    const value = stored[name];
    const field = FULL_NAMES.get(name) ?? name;
    if (IDENTIFIERS.has(field) && value !== null)
      features[field] = decodeIdentifier(value as StoredIdentifier, CUT.has(field));
    else if (field === 'otherIdentifiers')
      features[field] = (value as StoredIdentifier[]).map((id) => decodeIdentifier(id, false));
    else features[field] = value;
  }
  return features as unknown as MatchFeatures;
}
