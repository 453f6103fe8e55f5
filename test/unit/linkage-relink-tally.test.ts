import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LinkResult } from '../../src/linkage/batch-linker';
import { LinkPass, addCounts, tallyPasses } from '../../src/linkage/relink-tally';

const result = (personId: string, link: LinkResult['link'], reviews = 0): LinkResult => ({
  personId,
  link,
  reviews,
});
const pass = (before: [string, string | null][], results: [string, LinkResult][]): LinkPass => ({
  before: new Map(before),
  results: new Map(results),
});

describe('relink tally (what a batch did)', () => {
  it('counts a stay, a move to another person and a move to a new person', () => {
    const counts = tallyPasses(
      [
        pass(
          [
            ['a', 'p1'],
            ['b', 'p1'],
            ['c', 'p2'],
          ],
          [
            ['a', result('p1', 'auto')],
            ['b', result('n1', 'own-person', 1)],
            ['c', result('p1', 'auto')],
          ],
        ),
      ],
      new Set(['a', 'b', 'c']),
    );
    assert.deepEqual(counts, { reDecided: 3, moved: 2, newPersons: 1, tasksOpened: 1 });
  });

  it('tells a record left alone in its person from one given a new person', () => {
    const counts = tallyPasses(
      [pass([['a', 'p1']], [['a', result('p1', 'own-person', 2)]])],
      new Set(['a']),
    );
    assert.deepEqual(counts, { reDecided: 1, moved: 0, newPersons: 0, tasksOpened: 2 });
  });

  it('counts each record once by its last decision, against where it was before the first', () => {
    const counts = tallyPasses(
      [
        pass(
          [
            ['a', 'p1'],
            ['b', 'p1'],
          ],
          [
            ['a', result('n1', 'own-person', 1)],
            ['b', result('n2', 'own-person', 1)],
          ],
        ),
        pass(
          [
            ['a', 'n1'],
            ['b', 'n2'],
          ],
          [
            // a went back where it came from; b settled in the person a made, n2 left empty.
            ['a', result('p1', 'auto')],
            ['b', result('n1', 'auto')],
          ],
        ),
      ],
      new Set(['a', 'b']),
    );
    assert.deepEqual(counts, { reDecided: 2, moved: 1, newPersons: 1, tasksOpened: 0 });
  });

  it('counts the moves of records pulled forward, their decisions when the walk reaches them', () => {
    const counts = tallyPasses(
      [
        pass(
          [
            ['a', 'p1'],
            ['x', 'p1'],
          ],
          [
            ['a', result('p1', 'auto')],
            ['x', result('n1', 'own-person', 1)],
          ],
        ),
      ],
      new Set(['a']),
    );
    assert.deepEqual(counts, { reDecided: 1, moved: 1, newPersons: 1, tasksOpened: 0 });
  });

  it('adds counts field by field', () => {
    const one = { reDecided: 1, moved: 2, newPersons: 3, tasksOpened: 4, keysRefreshed: 5 };
    assert.deepEqual(addCounts(one, one), {
      reDecided: 2,
      moved: 4,
      newPersons: 6,
      tasksOpened: 8,
      keysRefreshed: 10,
    });
  });
});
