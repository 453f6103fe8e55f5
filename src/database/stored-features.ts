import { IdentifierToken, MatchFeatures, OtherIdentifierToken } from '../matching/record-types';

/**
 * The stored form of a record's features (source_record.features, jsonb): the same values,
 * compact. Field names are shortened (a third of the text was names), a null or empty field
 * is left out, and an identifier keeps `token` with its variants and stem under `v` and `s`;
 * variants as long as the token (all of them: tokens have one length) are kept as one string,
 * end to end, which jsonb holds in 4 bytes fewer a variant than a list (about 90 bytes a
 * record).
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

/** Features as a row holds them (see encodeFeatures). */
export type StoredFeatures = Record<string, unknown>;

type StoredIdentifier = {
  token: string;
  /** The variants, end to end when each is as long as the token, else a list. */
  v?: string | string[];
  s?: string;
  system?: string;
  own?: true;
};

function encodeIdentifier(id: IdentifierToken | OtherIdentifierToken): StoredIdentifier {
  // Properties set one by one, not spread from conditional objects: a bulk load encodes
  // about five identifiers a record, and the spreads were most of encodeFeatures' time.
  const stored: StoredIdentifier =
    'system' in id ? { system: id.system, token: id.token } : { token: id.token };
  if (id.variants.length > 0) stored.v = packVariants(id.token.length, id.variants);
  if (id.stem !== undefined) stored.s = id.stem;
  if ('own' in id && id.own === true) stored.own = true;
  return stored;
}

/** A stored identifier in either form: the full one carries `variants`. */
function decodeIdentifier(stored: StoredIdentifier): IdentifierToken {
  if ('variants' in stored) return stored as unknown as IdentifierToken;
  const { v, s, ...rest } = stored;
  const variants = typeof v === 'string' ? unpackVariants(rest.token.length, v) : (v ?? []);
  return { ...rest, variants, ...(s === undefined ? {} : { stem: s }) };
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
      features[field] = decodeIdentifier(value as StoredIdentifier);
    else if (field === 'otherIdentifiers')
      features[field] = (value as StoredIdentifier[]).map(decodeIdentifier);
    else features[field] = value;
  }
  return features as unknown as MatchFeatures;
}
