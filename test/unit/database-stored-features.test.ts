import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeFeatures, encodeFeatures } from '../../src/database/stored-features';
import { MatchFeatures } from '../../src/matching/record-types';

const token = (n: number): string => `tok${String(n).padStart(19, '0')}`;

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
  ssn: { token: token(1), variants: [token(2), token(3)], stem: token(4) },
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
  phone: { token: token(9), variants: [token(10)] },
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
});
