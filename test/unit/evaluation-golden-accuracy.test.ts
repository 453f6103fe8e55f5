import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TruthRow } from '../../src/datasets/synthetic-truth';
import { GoldenMembers, goldenAccuracy } from '../../src/evaluation/golden-accuracy';
import { GoldenRecord } from '../../src/linkage/golden-record';

const truth = (entity: string, family: string, nameChanged = false): TruthRow => ({
  entity_id: entity,
  given_name: 'Zoë',
  family_name: family,
  birth_date: '1980-07-04',
  sex: 'female',
  postal_code: '62704',
  name_changed: String(nameChanged),
  moved: 'false',
});

const golden = (given: string, family: string): GoldenRecord => {
  const field = (value: string) => ({
    value,
    recordId: 'r',
    source: 's',
    strategy: 'only-value' as const,
  });
  return {
    givenName: field(given),
    familyName: field(family),
    birthDate: field('1980-07-04'),
    sex: field('female'),
    postalCode: field('62704'),
  };
};

describe('golden records against the truth', () => {
  const truths = new Map([
    ['e1', truth('e1', 'García-López')],
    ['e2', truth('e2', 'Smith', true)],
    ['e3', truth('e3', 'Jones')],
  ]);
  const entityOf = new Map([
    ['a1', 'e1'],
    ['a2', 'e1'],
    ['b1', 'e2'],
    ['b2', 'e2'],
    ['c1', 'e3'],
    ['d1', 'e3'],
    ['d2', 'e1'],
  ]);
  const goldens: GoldenMembers[] = [
    // Case, accents and punctuation do not make a value wrong.
    { golden: golden('zoe', 'garcia lopez'), recordIds: ['a1', 'a2'] },
    // A married woman's birth name: wrong, and counted apart.
    { golden: golden('ZOË', 'Brown'), recordIds: ['b1', 'b2'] },
    // One registration: nothing to choose, left out.
    { golden: golden('x', 'x'), recordIds: ['c1'] },
    // An overlay: no one truth, left out.
    { golden: golden('x', 'x'), recordIds: ['d1', 'd2'] },
  ];

  it('counts golden records of one person with two or more registrations', () => {
    const accuracy = goldenAccuracy(goldens, entityOf, truths);
    assert.equal(accuracy.persons, 2);
    assert.equal(accuracy.givenName, 1);
    assert.equal(accuracy.familyName, 0.5);
    assert.equal(accuracy.allThree, 0.5);
    assert.equal(accuracy.familyNameUnchanged, 1);
    assert.equal(accuracy.postalCodeNotMoved, 1);
  });
});
