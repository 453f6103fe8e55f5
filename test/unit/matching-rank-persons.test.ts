import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bestPerPerson, rankPersons } from '../../src/matching/score/rank-persons';

describe('one ranking of persons', () => {
  it('counts each person by its best pair, best first', () => {
    const ranked = bestPerPerson([
      { personId: 'p2', weight: 3, recordId: 'r1' },
      { personId: 'p1', weight: 9, recordId: 'r2' },
      { personId: 'p2', weight: 12, recordId: 'r3' },
      { personId: 'p1', weight: 4, recordId: 'r4' },
    ]);
    assert.deepEqual(
      ranked.map((r) => [r.personId, r.recordId]),
      [
        ['p2', 'r3'],
        ['p1', 'r2'],
      ],
    );
  });

  it('keeps the first of equal pairs and breaks equal weights by person id', () => {
    const ranked = bestPerPerson([
      { personId: 'b', weight: 5, recordId: 'first' },
      { personId: 'b', weight: 5, recordId: 'second' },
      { personId: 'a', weight: 5, recordId: 'only' },
    ]);
    assert.deepEqual(
      ranked.map((r) => r.recordId),
      ['only', 'first'],
    );
    assert.deepEqual(
      rankPersons([
        { personId: 'z', weight: 1 },
        { personId: 'y', weight: 1 },
      ]).map((r) => r.personId),
      ['y', 'z'],
    );
  });
});
