import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Demographics } from '../../src/formats/demographics';
import { registeredNamesOf } from '../../src/records/registered-names';

const stored = (familyName: string | null, givenName: string | null = null): Demographics => ({
  givenName,
  middleName: null,
  familyName,
  suffix: null,
  birthDate: null,
  sex: null,
  addressLine: null,
  city: null,
  state: null,
  postalCode: null,
  mothersMaidenName: null,
  multipleBirth: null,
});

const CASES: [string, string, string | null, string | undefined][] = [
  ['accents and a hyphen', 'García-López', 'garcia lopez', 'García-López'],
  ['an apostrophe', "O'Brien", 'obrien', "O'Brien"],
  ['spaces tidied', '  van   Dyke ', 'van dyke', 'van Dyke'],
  ['capitals only: a system habit', 'SMITH', 'smith', undefined],
  ['nothing beyond the fold', 'smith', 'smith', undefined],
  ['a suffix pulled out of the name', 'Smith Jr', 'smith', undefined],
];

describe('registered names', () => {
  for (const [name, raw, folded, kept] of CASES) {
    it(`${name}: ${raw} -> ${kept ?? 'not kept'}`, () => {
      const names = registeredNamesOf({ family_name: raw }, stored(folded));
      assert.equal(names?.familyName, kept);
    });
  }

  it('keeps each name field on its own and nothing when none qualifies', () => {
    assert.deepEqual(
      registeredNamesOf({ given_name: 'Zoë', family_name: 'SMITH' }, stored('smith', 'zoe')),
      { givenName: 'Zoë' },
    );
    assert.equal(registeredNamesOf({ family_name: 'smith' }, stored('smith')), undefined);
  });
});
