/**
 * The steward "not a match" pairs a linker knows, and which records they are known for: a
 * linker reads only the pairs of the records it may join, so "no pair known" means "none"
 * only for a record whose pairs were read.
 */
export class HardNoPairs {
  private readonly pairs = new Set<string>();
  private readonly covered = new Set<string>();
  private everyRecord = false;

  /** Pairs as hardNoPart returns them, read for every pair touching `recordIds`. */
  add(rows: readonly unknown[], recordIds: Iterable<string>): void {
    for (const r of rows as { record_a: string; record_b: string }[])
      this.pairs.add(pairKey(r.record_a, r.record_b));
    for (const id of recordIds) this.covered.add(id);
  }

  /** Every pair of the store is here (a bulk load reads them all). */
  coverAll(rows: readonly unknown[]): void {
    this.add(rows, []);
    this.everyRecord = true;
  }

  refuses(a: string, b: string): boolean {
    return this.pairs.has(pairKey(a, b));
  }

  /** Whether every "not a match" pair touching the record is known. */
  covers(recordId: string): boolean {
    return this.everyRecord || this.covered.has(recordId);
  }
}

/** A pair as the hard_no table keeps it: `a|b` with a < b. */
function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
