import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeFeatures, encodeFeatures } from '../../src/database/stored-features';
import { VARIANT_TOKEN_CHARS } from '../../src/matching/features/identifier-tokens';
import {
  IdentifierToken,
  MatchFeatures,
  OtherIdentifierToken,
} from '../../src/matching/record-types';

const token = (n: number): string => `tok${String(n).padStart(19, '0')}`;
/** A variant or stem token as the keyed tokenizer cuts an SSN's or phone's. */
const cut = (n: number): string => `c${String(n).padStart(VARIANT_TOKEN_CHARS - 1, '0')}`;

/** A record with every kind of field: values, nulls, lists, identifiers with and without stems. */
const FULL: MatchFeatures = {
  keyId: 'k1',
  given: 'crissy',
  givenCanonical: 'christiana',
  givenNicknameGroup: ['christiana', 'christine'],
  givenKnown: true,
  givenMetaphone: 'KRS',
  middle: null,
  family: 'schneider',
  familyParts: ['schneider'],
  familyMetaphone: 'XNTR',
  suffix: null,
  birthDate: '1936-12-07',
  sex: 'female',
  ssn: {
    token: token(1),
    variants: [cut(2), cut(3)],
    stem: cut(4),
    variantChars: VARIANT_TOKEN_CHARS,
  },
  phone: null,
  email: { token: token(5), variants: [] },
  emailLocalPart: null,
  addressLine: '314 martin luther king jr dr',
  city: 'tampa',
  state: 'fl',
  postalCode: '33695',
  mothersMaidenName: null,
  multipleBirth: false,
  otherIdentifiers: [{ system: 'urn:x', token: token(6), variants: [token(7)], stem: token(8) }],
};

/** One stored before the optional fields existed, with empty lists. */
const SPARSE: MatchFeatures = {
  keyId: 'k2',
  given: null,
  givenCanonical: null,
  givenMetaphone: null,
  middle: null,
  family: 'li',
  familyParts: [],
  familyMetaphone: 'L',
  suffix: null,
  birthDate: null,
  sex: null,
  ssn: null,
  phone: { token: token(9), variants: [cut(10)], variantChars: VARIANT_TOKEN_CHARS },
  email: null,
  addressLine: null,
  city: null,
  state: null,
  postalCode: null,
  mothersMaidenName: null,
  multipleBirth: 2,
  otherIdentifiers: [],
};

describe('stored features', () => {
  it('decoding gives back exactly what was encoded, through JSON as the database keeps it', () => {
    for (const features of [FULL, SPARSE]) {
      const stored = JSON.parse(JSON.stringify(encodeFeatures(features))) as Record<
        string,
        unknown
      >;
      assert.deepEqual(decodeFeatures(stored), features);
    }
  });

  it('an absent optional field stays absent and a null one null', () => {
    const decoded = decodeFeatures(encodeFeatures(SPARSE));
    assert.equal('emailLocalPart' in decoded, false);
    assert.equal(decodeFeatures(encodeFeatures(FULL)).emailLocalPart, null);
  });

  it('reads a row stored in the full form as it is', () => {
    for (const features of [FULL, SPARSE])
      assert.deepEqual(decodeFeatures(JSON.parse(JSON.stringify(features))), features);
  });

  it('keeps the names SQL reads (FHIR identifier search, key checks) and is smaller', () => {
    const stored = encodeFeatures(FULL) as {
      keyId: string;
      ssn: { token: string };
      email: { token: string };
      otherIdentifiers: { system: string; token: string }[];
    };
    assert.equal(stored.keyId, 'k1');
    assert.equal(stored.ssn.token, token(1));
    assert.equal(stored.email.token, token(5));
    assert.deepEqual(
      stored.otherIdentifiers.map((o) => [o.system, o.token]),
      [['urn:x', token(6)]],
    );
    assert.ok(JSON.stringify(stored).length < 0.8 * JSON.stringify(FULL).length);
  });

  it('keeps variants as one string, cut or as long as their token, and reads them back', () => {
    const stored = encodeFeatures(FULL) as {
      ssn: { w: unknown; s: unknown };
      otherIdentifiers: { v: unknown }[];
    };
    assert.equal(stored.ssn.w, cut(2) + cut(3));
    assert.equal(stored.ssn.s, cut(4));
    assert.equal(stored.otherIdentifiers[0]?.v, token(7));
    const ragged: MatchFeatures = {
      ...SPARSE,
      phone: { token: token(9), variants: ['a', token(10)] },
    };
    const kept = encodeFeatures(ragged) as { phone: { v: unknown } };
    assert.deepEqual(kept.phone.v, ['a', token(10)], 'a variant of another length keeps the list');
    assert.deepEqual(decodeFeatures(JSON.parse(JSON.stringify(kept))), ragged);
  });

  it("cuts an SSN's and phone's whole variants and stem, stored before the cut, on reading", () => {
    const whole = {
      ...FULL,
      ssn: { token: token(1), variants: [token(2), token(3)], stem: token(4) },
      phone: { token: token(9), variants: [token(10)] },
    };
    const cutOf = (t: string) => t.slice(0, VARIANT_TOKEN_CHARS);
    const expected = {
      ...FULL,
      ssn: {
        token: token(1),
        variants: [cutOf(token(2)), cutOf(token(3))],
        stem: cutOf(token(4)),
        variantChars: VARIANT_TOKEN_CHARS,
      },
      phone: { token: token(9), variants: [cutOf(token(10))], variantChars: VARIANT_TOKEN_CHARS },
    };
    // In the full form, in the compact form with whole variants (`v`), and as a list.
    const compact = { ...encodeFeatures(whole) } as Record<string, unknown>;
    const listed = {
      ...compact,
      ssn: { token: token(1), v: [token(2), token(3)], s: token(4) },
    };
    for (const row of [whole, compact, listed])
      assert.deepEqual(
        decodeFeatures(JSON.parse(JSON.stringify(row)) as Record<string, unknown>),
        expected,
      );
  });

  it('encodes as the first stored form did, key for key and in the same order', () => {
    const identifier = fc.record(
      {
        token: fc.string({ maxLength: 4 }),
        variants: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
        stem: fc.string({ maxLength: 4 }),
      },
      { requiredKeys: ['token', 'variants'] },
    );
    const other = fc.record(
      {
        system: fc.string({ maxLength: 4 }),
        token: fc.string({ maxLength: 4 }),
        variants: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
        stem: fc.string({ maxLength: 4 }),
        own: fc.constant(true as const),
      },
      { requiredKeys: ['system', 'token', 'variants'] },
    );
    const text = fc.option(fc.string({ maxLength: 6 }));
    const features = fc.record({
      keyId: fc.string({ maxLength: 3 }),
      given: text,
      givenNicknameGroup: fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
      givenKnown: fc.boolean(),
      family: text,
      familyParts: fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
      birthDate: text,
      ssn: fc.option(identifier),
      email: fc.option(identifier),
      emailLocalPart: text,
      multipleBirth: fc.option(fc.oneof(fc.boolean(), fc.integer({ min: 1, max: 9 }))),
      otherIdentifiers: fc.array(other, { maxLength: 3 }),
    });
    // Every order of the fields: encoding follows the features object's own order.
    fc.assert(
      fc.property(features, fc.boolean(), (f, reversed) => {
        const entries = Object.entries(f);
        const input = Object.fromEntries(
          reversed ? entries.reverse() : entries,
        ) as unknown as MatchFeatures;
        assert.equal(JSON.stringify(encodeFeatures(input)), JSON.stringify(firstEncoding(input)));
      }),
      { numRuns: 2000 },
    );
  });
});

/**
 * encodeFeatures as first written (spreads and entries), kept as the reference; variants as
 * long as their token end to end since the store's size cut (issue 17).
 */
function firstEncoding(features: MatchFeatures): Record<string, unknown> {
  const short: Record<string, string> = {
    given: 'g',
    givenNicknameGroup: 'gn',
    givenKnown: 'gk',
    family: 'f',
    familyParts: 'fp',
    birthDate: 'b',
    emailLocalPart: 'el',
    multipleBirth: 'mb',
  };
  const omittable = new Set(['given', 'family', 'familyParts', 'birthDate', 'ssn', 'email']);
  ['multipleBirth', 'otherIdentifiers'].forEach((f) => omittable.add(f));
  const encodeIdentifier = (id: IdentifierToken | OtherIdentifierToken) => ({
    ...('system' in id ? { system: id.system } : {}),
    token: id.token,
    ...(id.variants.length > 0
      ? {
          v:
            id.token.length > 0 && id.variants.every((v) => v.length === id.token.length)
              ? id.variants.join('')
              : id.variants,
        }
      : {}),
    ...(id.stem === undefined ? {} : { s: id.stem }),
    ...('own' in id && id.own === true ? { own: true as const } : {}),
  });
  const stored: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(features)) {
    if (omittable.has(field) && (value === null || (Array.isArray(value) && value.length === 0)))
      continue;
    const name = short[field] ?? field;
    if (field === 'ssn' || field === 'email')
      stored[name] = encodeIdentifier(value as IdentifierToken);
    else if (field === 'otherIdentifiers')
      stored[name] = (value as OtherIdentifierToken[]).map(encodeIdentifier);
    else stored[name] = value;
  }
  return stored;
}
