import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { embeddedMemory } from '../../src/database/database-server';

const GB = 2 ** 30;

describe('embedded server memory', () => {
  const cases: [string, number, string | undefined, number, number][] = [
    ['a quarter of a 2 GB machine', 2 * GB, undefined, 512, 1024],
    ['a quarter of an 8 GB machine', 8 * GB, undefined, 2048, 4096],
    ['at most 4 GB on a 24 GB machine', 24 * GB, undefined, 4096, 12288],
    ['at least 128 MB on a small one', 0.25 * GB, undefined, 128, 128],
    ['as MPI_PG_SHARED_BUFFERS_MB says', 24 * GB, '512', 512, 12288],
    ['the default when the setting is empty', 8 * GB, '', 2048, 4096],
    ['the default when the setting is not a whole number', 8 * GB, '1.5GB', 2048, 4096],
  ];
  for (const [what, total, override, shared, cache] of cases) {
    it(`gives shared buffers ${what}`, () =>
      assert.deepEqual(embeddedMemory(total, override), {
        sharedBuffersMb: shared,
        effectiveCacheMb: cache,
      }));
  }
});
