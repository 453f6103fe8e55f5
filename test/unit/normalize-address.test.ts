import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  normalizeAddressLine,
  normalizeCity,
  normalizePostalCode,
  normalizeState,
} from '../../src/matching/normalize/address';

describe('normalizeAddressLine', () => {
  const cases: [string, string | null][] = [
    ['', null],
    ['123 Main Street', '123 main st'],
    ['123 MAIN ST.', '123 main st'],
    ['123 North Main Street, Apartment #4', '123 n main st apt 4'],
    ['123 N. Main St Apt. 4', '123 n main st apt 4'],
    ['123 Main St #4', '123 main st apt 4'],
    ['123 Main St Apt #4', '123 main st apt 4'],
    ['500 Fifth Avenue Suite 210', '500 fifth ave ste 210'],
    ['500 5th Av, Ste 210', '500 5th ave ste 210'],
    ['1 Infinite Loop', '1 infinite loop'],
    ['48 Goldfinch Circuit', '48 goldfinch cct'],
    ['P.O. Box 12', 'po box 12'],
    ['Post Office Box 12', 'po box 12'],
    ['12 Boulevard Saint-Michel', '12 blvd saint michel'],
    ['Flat 2, 10 Downing St', 'apt 2 10 downing st'],
    // A typo in the suffix where a suffix stands; never in the street's name or a short word.
    ['12 Main Xtreet', '12 main st'],
    ['7 Ocean Avenoe Apt 3', '7 ocean ave apt 3'],
    ['22 Kings Crescnt', '22 kings cres'],
    ['40 Harbour Boulevrad', '40 harbour blvd'],
    ['12 Xtreet Lane', '12 xtreet ln'],
    ['3 Elm Cort', '3 elm cort'],
    ['Xtreet', 'xtreet'],
  ];
  for (const [raw, expected] of cases) {
    it(`reads ${JSON.stringify(raw)}`, () => assert.equal(normalizeAddressLine(raw), expected));
  }

  it('is idempotent', () => {
    const word = fc.constantFrom(
      'street',
      'St',
      'avenue',
      'apt',
      '#',
      'Suite',
      'north',
      'main',
      '12',
      'p.o.',
      'box',
      ',',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (words) => {
        const once = normalizeAddressLine(words.join(' '));
        if (once !== null) assert.equal(normalizeAddressLine(once), once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normalizeCity and normalizeState', () => {
  it('folds a city', () => {
    assert.equal(normalizeCity(' St. James '), 'st james');
    assert.equal(normalizeCity(''), null);
  });
  const states: [string, string | null][] = [
    ['CA', 'ca'],
    ['California', 'ca'],
    ['new  york', 'ny'],
    ['NSW', 'nsw'],
    ['New South Wales', 'nsw'],
    ['Ontario', 'ontario'],
    [' ', null],
  ];
  for (const [raw, expected] of states) {
    it(`reads state ${JSON.stringify(raw)}`, () => assert.equal(normalizeState(raw), expected));
  }
});

describe('normalizePostalCode', () => {
  const cases: [string, string | null][] = [
    ['', null],
    ['02134', '02134'],
    ['02134-1234', '02134'],
    ['021341234', '02134'],
    [' 4011 ', '4011'],
    ['SW1A 1AA', 'sw1a1aa'],
    ['K1A-0B1', 'k1a0b1'],
  ];
  for (const [raw, expected] of cases) {
    it(`reads ${JSON.stringify(raw)}`, () =>
      assert.deepEqual(normalizePostalCode(raw), { ok: true, value: expected }));
  }
  it('drops placeholder ZIPs with the reason', () => {
    assert.deepEqual(normalizePostalCode('00000'), {
      ok: true,
      value: null,
      issue: 'postal_code is a placeholder, treated as missing',
    });
  });
});
