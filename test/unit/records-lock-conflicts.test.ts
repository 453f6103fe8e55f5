import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lockKeysOf, splitByLockConflicts } from '../../src/records/lock-conflicts';
import { PreparedRecord } from '../../src/records/prepared-record';

function record(index: number, sourceId: string, blockKeys: string[]): PreparedRecord {
  return {
    index,
    source: 'clinic',
    sourceIdToken: `tok-${sourceId}`,
    sourceIdEnc: 'enc',
    keyId: 'k1',
    // Only keys matter to the split; the record's content is never read.
    demographics: {} as PreparedRecord['demographics'],
    identifiersEnc: null,
    features: {} as PreparedRecord['features'],
    contentHash: `h${index}`,
    blockKeys,
  };
}

describe('splitByLockConflicts: which records of a batch may be written while others are in flight', () => {
  it('lets everything go when nothing is in flight', () => {
    const batch = [record(0, 'a', ['k1']), record(1, 'b', ['k1', 'k2'])];
    const { now, later } = splitByLockConflicts(batch, []);
    assert.deepEqual(
      now.map((r) => r.index),
      [0, 1],
    );
    assert.deepEqual(later, []);
  });

  it('holds back a record sharing a blocking key with a batch in flight, and only that one', () => {
    const busy = [new Set(['k9']), new Set(['k2'])];
    const batch = [record(0, 'a', ['k1']), record(1, 'b', ['k3', 'k2']), record(2, 'c', ['k4'])];
    const { now, later } = splitByLockConflicts(batch, busy);
    assert.deepEqual(
      now.map((r) => r.index),
      [0, 2],
    );
    assert.deepEqual(
      later.map((r) => r.index),
      [1],
    );
  });

  it('holds back a record whose own key (source and id) is in flight', () => {
    const inFlight = record(7, 'a', ['k1']);
    const busy = [new Set(lockKeysOf(inFlight))];
    const { later } = splitByLockConflicts([record(8, 'a', ['k5'])], busy);
    assert.deepEqual(
      later.map((r) => r.index),
      [8],
    );
  });

  it('holds back a later resend of a held-back record even when its own keys are free', () => {
    const busy = [new Set(['k2'])];
    const batch = [record(0, 'a', ['k2']), record(1, 'b', ['k6']), record(2, 'a', ['k7'])];
    const { now, later } = splitByLockConflicts(batch, busy);
    assert.deepEqual(
      now.map((r) => r.index),
      [1],
    );
    assert.deepEqual(
      later.map((r) => r.index),
      [0, 2],
    );
  });
});
