import * as fs from 'node:fs';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { CanonicalRecord } from '../matching/record-types';
import { IngestService } from './ingest.service';
import { lockKeysOf, splitByLockConflicts } from './lock-conflicts';
import { IngestOutcome, PreparedRecord } from './prepared-record';
import { FileRow, ReadOptions, readRecordFile } from './record-file-reader';
import { PlannerStatisticsRepository } from './planner-statistics.repository';
import { StatisticsRefresh } from './statistics-refresh';

export interface ImportSummary {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  linkedAutomatically: number;
  sentToReview: number;
  rejected: number;
  rejections: { line: number; field: string; reason: string }[];
}

/** Nothing read yet. */
export function emptyImportSummary(): ImportSummary {
  return {
    read: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    linkedAutomatically: 0,
    sentToReview: 0,
    rejected: 0,
    rejections: [],
  };
}

/** How a file is cut into transactions and how many of them may be under way at once. */
export interface ImportPace {
  batchSize: number;
  /**
   * Batches in flight at once. While one batch waits on the database another is scored, so two
   * use both cores. A record sharing a blocking key with a batch in flight waits for the next
   * batch (the ingest's advisory locks would serialise the two anyway, as they do for two
   * service instances). 1 gives a strictly serial, repeatable run in file order.
   */
  concurrency: number;
  /** Least records created between two refreshes of the planner statistics (see StatisticsRefresh). */
  analyzeEvery?: number;
}

type StoredRow = Extract<FileRow, { record: CanonicalRecord }>;

interface InFlight {
  /** The lock keys of the batch's records (see lockKeysOf). */
  keys: Set<string>;
  done: Promise<void>;
}

export interface ImportHooks {
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Called with each stored record's line, record id and extra columns (eval uses it). */
  onStored?: (line: number, recordId: string, extra: Record<string, string>) => void;
}

/** Streams a file through the same ingest as live traffic, in batches of one transaction each. */
@Injectable()
export class RecordImporter {
  constructor(
    private readonly ingest: IngestService,
    private readonly dataSource: DataSource,
    private readonly plannerStatistics: PlannerStatisticsRepository,
  ) {}

  async importFile(
    file: string,
    actor: Principal,
    pace: ImportPace,
    options: ReadOptions = {},
    hooks: ImportHooks = {},
  ): Promise<ImportSummary> {
    const summary = emptyImportSummary();
    const total = fs.statSync(file).size;
    const statistics = new StatisticsRefresh(
      await this.storedEstimate(),
      pace.analyzeEvery ?? ANALYZE_EVERY,
    );
    const run = new ImportRun(this.ingest, actor, pace, summary, hooks, statistics, () =>
      this.refreshStatistics(),
    );
    let approxBytes = 0;
    for await (const row of readRecordFile(file, options)) {
      if (run.failed) break;
      summary.read += 1;
      if ('errors' in row) {
        run.reject(row.line, row.errors);
        continue;
      }
      approxBytes += JSON.stringify(row.record).length;
      if (run.add(row) >= pace.batchSize) {
        await run.dispatch();
        hooks.onProgress?.(Math.min(approxBytes, total), total);
      }
    }
    await run.finish();
    hooks.onProgress?.(total, total);
    summary.rejections.sort((a, b) => a.line - b.line);
    return summary;
  }

  private refreshStatistics(): Promise<void> {
    return this.plannerStatistics.analyzeHotTables(this.dataSource.manager);
  }

  private storedEstimate(): Promise<number> {
    return this.plannerStatistics.storedRecordEstimate(this.dataSource.manager);
  }
}

const ANALYZE_EVERY = 50_000;

/**
 * One file's import: prepares each batch, starts the records free of conflicts with the
 * batches in flight and carries the rest into the next batch.
 */
class ImportRun {
  private fresh: StoredRow[] = [];
  private carried: PreparedRecord[] = [];
  /** Rows prepared but not yet stored, by the index their prepared record carries. */
  private readonly pending = new Map<number, StoredRow>();
  private readonly inFlight: InFlight[] = [];
  private nextIndex = 0;
  private failure: unknown = null;

  constructor(
    private readonly ingest: IngestService,
    private readonly actor: Principal,
    private readonly pace: ImportPace,
    private readonly summary: ImportSummary,
    private readonly hooks: ImportHooks,
    private readonly statistics: StatisticsRefresh,
    private readonly refreshStatistics: () => Promise<void>,
  ) {}

  get failed(): boolean {
    return this.failure !== null;
  }

  /** Queues a row; returns how many records the next batch would hold. */
  add(row: StoredRow): number {
    this.fresh.push(row);
    return this.fresh.length + this.carried.length;
  }

  async dispatch(): Promise<void> {
    await this.refreshStatisticsIf(this.statistics.due());
    const batch = [...this.carried, ...this.prepareFresh()];
    while (this.inFlight.length >= Math.max(1, this.pace.concurrency))
      await Promise.race(this.inFlight.map((f) => f.done));
    const { now, later } = splitByLockConflicts(
      batch,
      this.inFlight.map((f) => f.keys),
    );
    this.carried = later;
    if (now.length > 0) this.start(now);
    // Records kept back a batch's worth: let the batches in flight finish, then nothing conflicts.
    if (this.carried.length >= this.pace.batchSize) await this.drain();
  }

  async finish(): Promise<void> {
    if (!this.failed) await this.dispatch();
    await this.drain();
    if (this.carried.length > 0 && !this.failed) this.start(this.carried.splice(0));
    await this.drain();
    if (this.failure) throw this.failure;
    await this.refreshStatisticsIf(this.statistics.dueAtEnd());
  }

  private async refreshStatisticsIf(due: boolean): Promise<void> {
    if (!due) return;
    this.statistics.refreshed();
    await this.refreshStatistics();
  }

  reject(line: number, errors: { field: string; reason: string }[]): void {
    this.summary.rejected += 1;
    for (const e of errors)
      this.summary.rejections.push({ line, field: e.field, reason: e.reason });
  }

  private async drain(): Promise<void> {
    while (this.inFlight.length > 0) await Promise.all(this.inFlight.map((f) => f.done));
  }

  private prepareFresh(): PreparedRecord[] {
    const rows = this.fresh;
    this.fresh = [];
    const base = this.nextIndex;
    this.nextIndex += rows.length;
    const { prepared, rejected } = this.ingest.prepareAll(
      rows.map((r) => r.record),
      base,
    );
    rows.forEach((row, i) => this.pending.set(base + i, row));
    for (const r of rejected) this.tally(r);
    return prepared;
  }

  private start(records: PreparedRecord[]): void {
    const entry: InFlight = {
      keys: new Set(records.flatMap(lockKeysOf)),
      // Never rejects, so a failing batch cannot become an unhandled rejection while another
      // is awaited; the failure is rethrown once everything in flight has settled.
      done: this.ingest.ingestPrepared(records, this.actor).then(
        ({ outcomes }) => outcomes.forEach((o) => this.tally(o)),
        (error: unknown) => {
          this.failure ??= error;
        },
      ),
    };
    this.inFlight.push(entry);
    void entry.done.then(() => this.inFlight.splice(this.inFlight.indexOf(entry), 1));
  }

  private tally(outcome: IngestOutcome): void {
    const row = this.pending.get(outcome.index);
    if (!row) return;
    this.pending.delete(outcome.index);
    if (outcome.status === 'rejected') {
      this.reject(row.line, outcome.errors ?? []);
      return;
    }
    this.summary[outcome.status] += 1;
    if (outcome.status === 'created') this.statistics.recordCreated();
    if (outcome.link === 'auto') this.summary.linkedAutomatically += 1;
    this.summary.sentToReview += outcome.reviews ?? 0;
    if (outcome.recordId) this.hooks.onStored?.(row.line, outcome.recordId, row.extra);
  }
}
