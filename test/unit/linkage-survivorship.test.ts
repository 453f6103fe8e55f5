import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Contributor,
  computeGoldenRecord,
  defaultSurvivorshipRules,
} from '../../src/linkage/survivorship';
import { Demographics } from '../../src/records/demographics';

const blank: Demographics = {
  givenName: null,
  middleName: null,
  familyName: null,
  suffix: null,
  birthDate: null,
  sex: null,
  addressLine: null,
  city: null,
  state: null,
  postalCode: null,
  mothersMaidenName: null,
  multipleBirth: null,
};

const record = (
  recordId: string,
  source: string,
  changedAt: string,
  d: Partial<Demographics>,
): Contributor => ({
  recordId,
  source,
  changedAt,
  demographics: { ...blank, ...d },
});

describe('survivorship', () => {
  const rules = defaultSurvivorshipRules(['hospital', 'clinic']);

  it('takes the only value there is, with its provenance', () => {
    const golden = computeGoldenRecord(
      [record('r1', 'lab', '2024-01-01T00:00:00Z', { familyName: 'okafor' })],
      rules,
    );
    assert.deepEqual(golden.familyName, {
      value: 'okafor',
      recordId: 'r1',
      source: 'lab',
      strategy: 'only-value',
    });
    assert.equal(golden.givenName, undefined, 'a field no record has stays out');
  });

  it('prefers the most trusted source, then the most frequent value, then the most complete', () => {
    const golden = computeGoldenRecord(
      [
        record('r1', 'lab', '2024-03-01T00:00:00Z', { givenName: 'jon', middleName: 'a' }),
        record('r2', 'clinic', '2024-01-01T00:00:00Z', { givenName: 'jonathan', middleName: 'a' }),
        record('r3', 'pharmacy', '2024-02-01T00:00:00Z', { middleName: 'alexander' }),
      ],
      rules,
    );
    assert.equal(golden.givenName?.value, 'jonathan');
    assert.equal(golden.givenName?.strategy, 'source-trust');
    // middle: clinic is the only trusted source holding one -> its value.
    assert.equal(golden.middleName?.value, 'a');
  });

  it('moves the address with the newest registration', () => {
    const golden = computeGoldenRecord(
      [
        record('old', 'hospital', '2020-01-01T00:00:00Z', {
          addressLine: '1 old rd',
          postalCode: '02139',
        }),
        record('new', 'pharmacy', '2024-06-01T00:00:00Z', {
          addressLine: '9 new st',
          postalCode: '60601',
        }),
      ],
      rules,
    );
    assert.equal(golden.addressLine?.value, '9 new st');
    assert.equal(golden.addressLine?.strategy, 'most-recent');
    assert.equal(golden.postalCode?.recordId, 'new');
  });

  it('lets a steward pin a value over every strategy', () => {
    const golden = computeGoldenRecord(
      [record('r1', 'hospital', '2024-01-01T00:00:00Z', { familyName: 'smith' })],
      rules,
      {
        familyName: 'smith-jones',
      },
    );
    assert.deepEqual(golden.familyName, {
      value: 'smith-jones',
      recordId: null,
      source: null,
      strategy: 'pinned',
    });
  });

  it('breaks a full tie the same way every time (lowest record id)', () => {
    const a = record('b-rec', 'x', '2024-01-01T00:00:00Z', { city: 'austin' });
    const b = record('a-rec', 'y', '2024-01-01T00:00:00Z', { city: 'boston' });
    assert.equal(computeGoldenRecord([a, b], rules).city?.recordId, 'a-rec');
    assert.equal(computeGoldenRecord([b, a], rules).city?.recordId, 'a-rec');
  });
});
