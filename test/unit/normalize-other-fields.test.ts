import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FieldResult } from '../../src/matching/normalize/field-result';
import { normalizeMultipleBirth } from '../../src/matching/normalize/multiple-birth';
import {
  MAX_OTHER_IDENTIFIERS,
  normalizeOtherIdentifiers,
} from '../../src/matching/normalize/other-identifiers';
import { OtherIdentifier } from '../../src/matching/record-types';

describe('normalizeMultipleBirth', () => {
  const cases: [string, FieldResult<number | boolean>][] = [
    ['', { ok: true, value: null }],
    ['1', { ok: true, value: 1 }],
    [' 2 ', { ok: true, value: 2 }],
    ['12', { ok: true, value: 12 }],
    ['true', { ok: true, value: true }],
    ['FALSE', { ok: true, value: false }],
    ['Y', { ok: true, value: true }],
    ['0', { ok: false, error: 'multiple_birth must be a birth order (1, 2, ...) or true/false' }],
    [
      'twin',
      { ok: false, error: 'multiple_birth must be a birth order (1, 2, ...) or true/false' },
    ],
    ['1.5', { ok: false, error: 'multiple_birth must be a birth order (1, 2, ...) or true/false' }],
  ];
  for (const [raw, expected] of cases) {
    it(`reads ${JSON.stringify(raw)}`, () =>
      assert.deepEqual(normalizeMultipleBirth(raw), expected));
  }
});

describe('normalizeOtherIdentifiers', () => {
  const cases: [string, OtherIdentifier[]][] = [
    ['', []],
    ['Medicaid|AB 123-456', [{ system: 'medicaid', value: 'AB123456' }]],
    [
      ' medicaid | ab123456 ; DL-CA|d1234567; ',
      [
        { system: 'medicaid', value: 'AB123456' },
        { system: 'dl-ca', value: 'D1234567' },
      ],
    ],
    ['medicaid|AB123456;Medicaid|ab-123456', [{ system: 'medicaid', value: 'AB123456' }]],
    [
      'urn:oid:2.16.840.1.113883.4.3.6|ｄ１２３',
      [{ system: 'urn:oid:2.16.840.1.113883.4.3.6', value: 'D123' }],
    ],
  ];
  for (const [raw, expected] of cases) {
    it(`reads ${JSON.stringify(raw)}`, () =>
      assert.deepEqual(normalizeOtherIdentifiers(raw), { ok: true, value: expected }));
  }

  const malformed: [string, number][] = [
    ['medicaid', 1],
    ['medicaid|AB1;|123', 2],
    ['medicaid|', 1],
    ['a|b|c', 1],
    ['medicaid|AB1;dl|--', 2],
  ];
  for (const [raw, position] of malformed) {
    it(`rejects ${JSON.stringify(raw)} naming entry ${position} only`, () => {
      assert.deepEqual(normalizeOtherIdentifiers(raw), {
        ok: false,
        error: `other_identifiers entry ${position} is not a system|value pair`,
      });
    });
  }

  it('limits the number of identifiers', () => {
    const many = Array.from({ length: MAX_OTHER_IDENTIFIERS + 1 }, (_, i) => `s${i}|${i}`).join(
      ';',
    );
    assert.equal(normalizeOtherIdentifiers(many).ok, false);
  });
});
