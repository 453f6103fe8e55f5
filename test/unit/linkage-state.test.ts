import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LinkState } from '../../src/linkage/link-state';
import { MatchFeatures } from '../../src/matching/record-types';

const features = {} as MatchFeatures;
const rec = (recordId: string, personId: string | null) => ({
  recordId,
  source: 's',
  features,
  personId,
  linkKind: personId ? ('auto' as const) : null,
});

describe('link state (a batch in memory)', () => {
  it('tracks who belongs to whom as records move', () => {
    const state = new LinkState();
    state.add([rec('a', 'p1'), rec('b', 'p1'), rec('c', null)], ['p1']);
    state.markComplete('p2');
    assert.deepEqual(
      state.othersIn('p1', 'a').map((r) => r.recordId),
      ['b'],
    );
    assert.equal(state.personOf('c'), null);
    state.move('c', 'p1', 'auto');
    state.move('a', 'p2', 'manual');
    assert.deepEqual(
      state
        .othersIn('p1', 'x')
        .map((r) => r.recordId)
        .sort(),
      ['b', 'c'],
    );
    assert.deepEqual(
      state.othersIn('p2', 'x').map((r) => r.recordId),
      ['a'],
    );
    assert.equal(state.recordById('a')?.linkKind, 'manual');
    assert.deepEqual(state.personIds().sort(), ['p1', 'p2']);
  });

  it('keeps the first copy of a record added twice (the batch view wins over a later read)', () => {
    const state = new LinkState();
    state.add([rec('a', 'p1')]);
    state.move('a', 'p9', 'auto');
    state.add([rec('a', 'p1')]);
    assert.equal(state.personOf('a'), 'p9');
  });

  it('answers othersIn only for persons read whole: a candidate alone says nothing of its person', () => {
    const state = new LinkState();
    state.add([rec('a', 'p1'), rec('c', 'p3')], ['p1']);
    assert.deepEqual(state.incomplete(['p1', 'p3', 'p3']), ['p3']);
    assert.throws(() => state.othersIn('p3', 'x'), /not all read/);
    state.add([rec('c', 'p3'), rec('d', 'p3')], ['p3']);
    assert.deepEqual(state.incomplete(['p1', 'p3']), []);
    assert.deepEqual(
      state
        .othersIn('p3', 'x')
        .map((r) => r.recordId)
        .sort(),
      ['c', 'd'],
    );
  });
});
