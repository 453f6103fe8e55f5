import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { GoldenRecord } from '../../src/linkage/golden-record';
import {
  decodeGolden,
  encodeGolden,
  packGolden,
  unpackGolden,
} from '../../src/linkage/stored-golden';

const HOSPITAL = '0b6f3a52-6c0e-4c43-9d55-0e6a1c1f0a01';
const CLINIC = '7d2c9e10-3f4b-4a8e-8b1d-2f5e6a7b8c02';
const ADDRESS = 'the address of the newest of 2 registrations with one, kept whole';

/** Every strategy, a pinned value (no record, no source), a field without a reason, a number. */
const FULL: GoldenRecord = {
  givenName: {
    value: 'Christiana',
    recordId: HOSPITAL,
    source: 'hospital',
    strategy: 'most-frequent',
    reason: "2 of 2 registrations; formal name of 'crissy'",
  },
  middleName: { value: 'w', recordId: CLINIC, source: 'clinic', strategy: 'most-complete' },
  familyName: {
    value: 'Schneider',
    recordId: null,
    source: null,
    strategy: 'pinned',
    reason: 'pinned by a steward',
  },
  birthDate: {
    value: '1936-12-07',
    recordId: HOSPITAL,
    source: 'hospital',
    strategy: 'source-trust',
    reason: 'all 2 registrations agree',
  },
  sex: {
    value: 'female',
    recordId: HOSPITAL,
    source: 'hospital',
    strategy: 'only-value',
    reason: 'all 2 registrations agree',
  },
  addressLine: {
    value: '314 martin luther king jr dr',
    recordId: CLINIC,
    source: 'clinic',
    strategy: 'most-recent',
    reason: ADDRESS,
  },
  city: {
    value: 'tampa',
    recordId: CLINIC,
    source: 'clinic',
    strategy: 'most-recent',
    reason: ADDRESS,
  },
  postalCode: {
    value: '33695',
    recordId: CLINIC,
    source: 'clinic',
    strategy: 'most-recent',
    reason: ADDRESS,
  },
  multipleBirth: {
    value: 2,
    recordId: HOSPITAL,
    source: 'hospital',
    strategy: 'only-value',
    reason: 'the only registration with a value',
  },
};

const throughJson = (value: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

describe('stored golden records', () => {
  it('decoding gives back exactly what was encoded, through JSON as the database keeps it', () => {
    for (const golden of [FULL, {}, { sex: FULL.sex }])
      assert.deepEqual(decodeGolden(throughJson(encodeGolden(golden))), golden);
  });

  it('lists each record and reason once, and is at most a third of the full form', () => {
    const stored = encodeGolden(FULL);
    assert.deepEqual(stored._c, [
      [HOSPITAL, 'hospital'],
      [CLINIC, 'clinic'],
    ]);
    assert.equal((stored._r as string[]).filter((r) => r === ADDRESS).length, 1);
    assert.ok(JSON.stringify(stored).length * 2 < JSON.stringify(FULL).length);
  });

  it('equal golden records store equal values whatever order their fields were set in', () => {
    const reversed = Object.fromEntries(Object.entries(FULL).reverse()) as GoldenRecord;
    assert.equal(JSON.stringify(encodeGolden(reversed)), JSON.stringify(encodeGolden(FULL)));
  });

  it('an empty golden record stays {}', () => {
    assert.deepEqual(encodeGolden({}), {});
  });

  it('reads a row stored in the full form as it is', () => {
    assert.deepEqual(decodeGolden(throughJson(FULL)), FULL);
  });

  it('a version packed from the stored JSON unpacks to the golden record, smaller again', () => {
    const stored = JSON.stringify(encodeGolden(FULL));
    const packed = packGolden(stored);
    assert.ok(packed.length < stored.length);
    assert.deepEqual(unpackGolden(packed, null), FULL);
    assert.deepEqual(unpackGolden(null, throughJson(FULL)), FULL);
    assert.deepEqual(unpackGolden(null, throughJson(encodeGolden(FULL))), FULL);
  });

  it('packs against its dictionary after a byte naming it, to under three quarters of deflate alone', () => {
    const stored = JSON.stringify(encodeGolden(FULL));
    const packed = packGolden(stored);
    const alone = deflateRawSync(stored, { windowBits: 9, memLevel: 1 });
    assert.equal(packed[0], 0x07);
    assert.ok(packed.length * 4 < alone.length * 3, `${packed.length} against ${alone.length}`);
    assert.deepEqual(packGolden(stored), packed, 'equal golden records pack to equal bytes');
  });

  it('reads a version deflated before the dictionary (no leading byte)', () => {
    const stored = JSON.stringify(encodeGolden(FULL));
    for (const level of [0, 1, 6, 9]) {
      const old = deflateRawSync(stored, { windowBits: 9, memLevel: 1, level });
      // A raw deflate stream never starts with the low bits 111 (final block, reserved type).
      assert.notEqual((old[0] ?? 0) & 0x07, 0x07);
      assert.deepEqual(unpackGolden(old, null), FULL);
    }
  });
});
