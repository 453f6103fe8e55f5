import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HardNoPairs } from '../../src/linkage/hard-no-pairs';

describe('HardNoPairs', () => {
  const rows = [{ record_a: 'a', record_b: 'c' }];

  it('refuses a pair either way round, and only that pair', () => {
    const pairs = new HardNoPairs();
    pairs.add(rows, ['a']);
    assert.equal(pairs.refuses('a', 'c'), true);
    assert.equal(pairs.refuses('c', 'a'), true);
    assert.equal(pairs.refuses('a', 'b'), false);
  });

  it('knows for which records "no pair" means none: those it read, or all of them', () => {
    const read = new HardNoPairs();
    read.add(rows, ['a', 'b']);
    assert.deepEqual(
      ['a', 'b', 'c'].map((id) => read.covers(id)),
      [true, true, false],
    );
    const all = new HardNoPairs();
    all.coverAll(rows);
    assert.equal(all.covers('z'), true);
    assert.equal(all.refuses('c', 'a'), true);
  });
});
