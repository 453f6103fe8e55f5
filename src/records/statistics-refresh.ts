/**
 * When an import re-samples the planner statistics of the hot tables. A bulk load grows the
 * store faster than autovacuum re-samples it, and the linker's queries planned on a store a
 * tenth of its size fall off their indexes (measured: 540 instead of 1,000 records/s after
 * loading 100,000). So the importer refreshes them itself, each time it has created a tenth of
 * the store as it stood at the last refresh (autovacuum's own proportion) and at least `every`
 * records; and once more at the end when it created a tenth of the store and at least a fifth of
 * `every`. A small import into a large store leaves the statistics to autovacuum: sampling a
 * million-record store costs seconds, and a few thousand records more change nothing it plans.
 */
export class StatisticsRefresh {
  private created = 0;

  /** `stored`: source records in the store when the import starts (the planner's estimate). */
  constructor(
    private stored: number,
    private readonly every: number,
  ) {}

  recordCreated(): void {
    this.created += 1;
  }

  /** A refresh is due while the import runs. */
  due(): boolean {
    return this.created >= Math.max(this.every, this.stored / 10);
  }

  /** A refresh is due now that the import is over. */
  dueAtEnd(): boolean {
    return this.created > 0 && this.created >= Math.max(this.every / 5, this.stored / 10);
  }

  refreshed(): void {
    this.stored += this.created;
    this.created = 0;
  }
}
