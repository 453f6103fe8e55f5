import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { integer } from '../../src/config/env-values';
import { embeddedMemory } from '../../src/database/database-server';

const GB = 2 ** 30;

describe('embedded server memory', () => {
  const cases: [string, number, number | null, number, number][] = [
    ['a quarter of a 2 GB machine', 2 * GB, null, 512, 1024],
    ['a quarter of an 8 GB machine', 8 * GB, null, 2048, 4096],
    ['at most 4 GB on a 24 GB machine', 24 * GB, null, 4096, 12288],
    ['at least 128 MB on a small one', 0.25 * GB, null, 128, 128],
    ['as MPI_PG_SHARED_BUFFERS_MB says', 24 * GB, 512, 512, 12288],
  ];
  for (const [what, total, override, shared, cache] of cases) {
    it(`gives shared buffers ${what}`, () =>
      assert.deepEqual(embeddedMemory(total, override), {
        sharedBuffersMb: shared,
        effectiveCacheMb: cache,
      }));
  }

  it('reads MPI_PG_SHARED_BUFFERS_MB with the one integer parser: not a whole number stops the boot', () => {
    assert.equal(
      integer({ MPI_PG_SHARED_BUFFERS_MB: '512' }, 'MPI_PG_SHARED_BUFFERS_MB', 0, { min: 16 }),
      512,
    );
    assert.throws(
      () =>
        integer({ MPI_PG_SHARED_BUFFERS_MB: '1.5GB' }, 'MPI_PG_SHARED_BUFFERS_MB', 0, { min: 16 }),
      /MPI_PG_SHARED_BUFFERS_MB must be an integer >= 16/,
    );
  });
});
