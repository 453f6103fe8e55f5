import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TermFrequencyLookup } from '../matching/score/term-frequency';
import { NameFrequencyRepository } from './name-frequency.repository';

/** Which stored name field a term-frequency adjusted comparison reads. */
const FIELD_OF_COMPARISON: Record<string, string> = { given_name: 'given', family_name: 'family' };
const REFRESH_MS = 5 * 60_000;

/**
 * Relative frequencies of name values, for term-frequency adjustment. Counts live in the
 * database (kept current inside each ingest transaction); this cache reads them at boot,
 * applies this instance's own changes as they happen and re-reads them now and then to
 * pick up other instances' changes.
 */
@Injectable()
export class TermFrequencyCache implements OnModuleInit, OnModuleDestroy {
  private counts = new Map<string, number>();
  private totals = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private paused = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly names: NameFrequencyRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    if (this.paused > 0) return;
    const rows = await this.names.allCarried(this.dataSource.manager);
    const counts = new Map<string, number>();
    const totals = new Map<string, number>();
    for (const r of rows) {
      counts.set(`${r.field}\u0000${r.value}`, r.count);
      totals.set(r.field, (totals.get(r.field) ?? 0) + r.count);
    }
    if (this.paused > 0) return;
    this.counts = counts;
    this.totals = totals;
  }

  /**
   * Stops re-reading the counts until the returned function is called: a bulk import keeps
   * them in memory ahead of what it has committed, and a re-read would set them back.
   */
  pauseRefresh(): () => void {
    this.paused += 1;
    return () => {
      this.paused -= 1;
    };
  }

  /** Applies a committed change of counts (keys `field\0value`). */
  apply(deltas: Map<string, number>): void {
    for (const [key, delta] of deltas) {
      this.counts.set(key, Math.max(0, (this.counts.get(key) ?? 0) + delta));
      const field = key.slice(0, key.indexOf('\u0000'));
      this.totals.set(field, Math.max(0, (this.totals.get(field) ?? 0) + delta));
    }
  }

  readonly lookup: TermFrequencyLookup = (comparisonId, value) => {
    const field = FIELD_OF_COMPARISON[comparisonId];
    if (!field) return undefined;
    const total = this.totals.get(field) ?? 0;
    const count = this.counts.get(`${field}\u0000${value}`) ?? 0;
    // Too few records to say anything about rarity: leave u as the model has it.
    return total < 1000 || count === 0 ? undefined : count / total;
  };
}
