import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyLine } from '../../src/database/copy-in';
import { BlockIndex, keyHash } from '../../src/matching/blocking/block-index';
import { prefersBulk } from '../../src/records/bulk/bulk-importer';
import { OrderedIds } from '../../src/records/bulk/file-fingerprint';

describe('bulk import parts', () => {
  it('finds the records sharing a key, each block read as the store reads it: the earliest, capped', () => {
    const index = new BlockIndex(3);
    index.add(0, ['a', 'b']);
    index.add(1, ['b']);
    index.add(2, ['b', 'c']);
    index.add(3, ['b']);
    index.add(4, ['b', 'c']);
    // Block b holds 0, 1, 2 (the cap): 3 and 4 are past it, as a `limit 3` leaves them.
    assert.deepEqual(index.candidates(['b'], 4).sort(), [0, 1, 2]);
    assert.deepEqual(index.candidates(['c'], 4).sort(), [2]);
    assert.deepEqual(index.candidates(['a', 'c'], 2).sort(), [0, 4]);
    assert.deepEqual(index.candidates(['z'], 0), []);
  });

  it('hashes keys to distinct safe integers', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}-${i * 7919}`);
    const hashes = new Set(keys.map(keyHash));
    assert.equal(hashes.size, keys.length);
    for (const h of hashes) assert.ok(Number.isSafeInteger(h) && h >= 0);
  });

  it('writes COPY text with tabs, newlines and backslashes escaped and nulls as \\N', () => {
    assert.equal(
      copyLine(['a\tb', 'c\nd\\e', null, 3, undefined, '{"x":"y\\r"}']),
      'a\\tb\tc\\nd\\\\e\t\\N\t3\t\\N\t{"x":"y\\\\r"}\n',
    );
  });

  it('makes record ids whose order is their order of issue', () => {
    const ids = new OrderedIds(1_700_000_000_000);
    const issued = Array.from({ length: 5000 }, () => ids.next());
    assert.deepEqual([...issued].sort(), issued);
    for (const id of issued)
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('takes the bulk path for a file larger than the store and 50,000 rows, not otherwise', () => {
    assert.equal(prefersBulk(60_000, 0), true);
    assert.equal(prefersBulk(60_000, 59_999), true);
    assert.equal(prefersBulk(60_000, 60_000), false);
    assert.equal(prefersBulk(50_000, 0), false);
  });
});
