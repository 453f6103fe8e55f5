import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatisticsRefresh } from '../../src/records/statistics-refresh';

function afterCreating(refresh: StatisticsRefresh, n: number): StatisticsRefresh {
  for (let i = 0; i < n; i++) refresh.recordCreated();
  return refresh;
}

describe('StatisticsRefresh: when an import re-samples the planner statistics', () => {
  it('refreshes a growing small store every `every` records', () => {
    const refresh = new StatisticsRefresh(0, 50_000);
    assert.equal(afterCreating(refresh, 49_999).due(), false);
    assert.equal(afterCreating(refresh, 1).due(), true);
    refresh.refreshed();
    assert.equal(afterCreating(refresh, 49_999).due(), false);
  });

  it('waits for a tenth of a large store before refreshing during the import', () => {
    const refresh = new StatisticsRefresh(1_000_000, 50_000);
    assert.equal(afterCreating(refresh, 99_999).due(), false);
    assert.equal(afterCreating(refresh, 1).due(), true);
    refresh.refreshed();
    // The store now holds 1,100,000 records: the next refresh waits for 110,000 more.
    assert.equal(afterCreating(refresh, 100_000).due(), false);
    assert.equal(afterCreating(refresh, 10_000).due(), true);
  });

  it('refreshes at the end after a fifth of `every`, unless that is under a tenth of the store', () => {
    assert.equal(afterCreating(new StatisticsRefresh(0, 50_000), 10_000).dueAtEnd(), true);
    assert.equal(afterCreating(new StatisticsRefresh(0, 50_000), 9_999).dueAtEnd(), false);
    assert.equal(afterCreating(new StatisticsRefresh(100_000, 50_000), 10_000).dueAtEnd(), true);
    assert.equal(afterCreating(new StatisticsRefresh(1_000_000, 50_000), 10_000).dueAtEnd(), false);
    assert.equal(new StatisticsRefresh(0, 0).dueAtEnd(), false);
  });
});
