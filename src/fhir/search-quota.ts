/**
 * Searches per client per minute (MPI_SEARCH_QUOTA), apart from the general rate limit: a
 * search releases up to a page of golden records, so its budget is far below that of $match
 * or ingest. A fixed window per client; the map forgets a client once its window is over.
 */
export class SearchQuota {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    private readonly perWindow: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one search for the client; false when its window's budget is spent. 0: no quota. */
  take(client: string): boolean {
    if (this.perWindow === 0) return true;
    const now = this.now();
    this.forgetEnded(now);
    const window = this.windows.get(client) ?? { start: now, used: 0 };
    if (window.used >= this.perWindow) return false;
    window.used += 1;
    this.windows.set(client, window);
    return true;
  }

  private forgetEnded(now: number): void {
    for (const [client, window] of this.windows) {
      if (now - window.start >= this.windowMs) this.windows.delete(client);
    }
  }
}
