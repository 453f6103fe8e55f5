import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Principal } from '../../auth/principal';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG, SECRETS } from '../../config/config.module';
import { bulkLoadIndexes } from '../../database/bulk-load-indexes';
import { Secrets } from '../../config/key-material';
import { GoldenRecordService } from '../../linkage/golden-record.service';
import { LinkRepository } from '../../linkage/link.repository';
import { ReviewTaskRepository } from '../../linkage/review-task.repository';
import { MatchModelProvider } from '../../retrieval/match-model.provider';
import { NameFrequencyRepository } from '../../retrieval/name-frequency.repository';
import { PairScorer } from '../../retrieval/pair-scorer';
import { TermFrequencyCache } from '../../retrieval/term-frequency.cache';
import { IngestService, nameFrequencyDeltas } from '../ingest.service';
import { PlannerStatisticsRepository } from '../planner-statistics.repository';
import { FileRow, ReadOptions, readRecordFile } from '../record-file-reader';
import { ImportSummary } from '../record-importer';
import { SourceRecordRepository } from '../source-record.repository';
import { BulkRun, BulkRunRepository } from '../bulk-run.repository';
import { BulkStore, NewRecord } from './bulk-store';
import { Chunk } from './bulk-chunk';
import { BulkHooks, BulkLoad, ChunkSink } from './bulk-load';
import { countLines, fingerprintFile } from './file-fingerprint';
import { PreparePool } from './prepare-pool';

const STORE_PAGE = 20_000;

/** Fewer rows than this always go the live way: the bulk path's set-up would not pay. */
export const BULK_LEAST_ROWS = 50_000;

/**
 * Whether `mpi import` takes the bulk path by itself: when the file holds more rows than the
 * store holds records, and more than BULK_LEAST_ROWS (an onboarding, not a feed).
 */
export async function chooseBulk(importer: BulkImporter, file: string): Promise<boolean> {
  return prefersBulk(Math.max(0, (await countLines(file)) - 1), await importer.storedRecords());
}

export function prefersBulk(fileRows: number, storedRecords: number): boolean {
  return fileRows > BULK_LEAST_ROWS && fileRows > storedRecords;
}

/**
 * A file too large for the live path's pace, on the same rules (see docs/performance.md,
 * "Bulk import"): preparation on worker threads, blocking as one in-memory hash join over the
 * store's and the file's keys, the live linker's decisions in file order, results written with
 * COPY a chunk per transaction, resumable from the last chunk committed.
 */
@Injectable()
export class BulkImporter implements ChunkSink {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: SourceRecordRepository,
    private readonly links: LinkRepository,
    private readonly reviews: ReviewTaskRepository,
    private readonly golden: GoldenRecordService,
    private readonly nameFrequencies: NameFrequencyRepository,
    private readonly frequencies: TermFrequencyCache,
    private readonly scorer: PairScorer,
    private readonly models: MatchModelProvider,
    private readonly audit: AuditService,
    private readonly runs: BulkRunRepository,
    private readonly ingest: IngestService,
    private readonly plannerStatistics: PlannerStatisticsRepository,
    @Inject(SECRETS) private readonly secrets: Secrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async importFile(
    file: string,
    actor: Principal,
    options: ReadOptions = {},
    hooks: BulkHooks = {},
  ): Promise<ImportSummary> {
    hooks.onProgress?.('reading', 0, 1);
    const { fingerprint, lines } = await fingerprintFile(file);
    const run = await this.runs.startOrResume(this.dataSource.manager, fingerprint);
    const resume = this.frequencies.pauseRefresh();
    const pool = new PreparePool({
      dataKeys: this.secrets.dataKeys.map((k) => ({ id: k.id, secret: k.secret })),
      model: this.models.model,
    });
    try {
      const store = await this.loadStore(hooks);
      const rows = Math.max(0, lines - 1);
      // Rebuilding costs the whole store's rows, keeping the indexes up costs the file's.
      const withoutIndexes = store.size <= rows - run.rowsDone;
      if (withoutIndexes) await this.dataSource.transaction((m) => bulkLoadIndexes.drop(m));
      const load = new BulkLoad(this, run, store, actor, hooks, rows);
      await load.load(file, options, pool);
      if (withoutIndexes) {
        hooks.onProgress?.('indexes', 0, 1);
        await bulkLoadIndexes.restore(this.dataSource);
      }
      await this.replayPending(file, options, load, actor, hooks);
      hooks.onProgress?.('statistics', 0, 1);
      await this.plannerStatistics.analyzeHotTables(this.dataSource.manager);
      await this.runs.finish(this.dataSource.manager, fingerprint, load.summary);
      return load.summary;
    } finally {
      resume();
      await pool.close();
    }
  }

  /** Every stored record, in arrival order, page by page. */
  private async loadStore(hooks: BulkHooks): Promise<BulkStore> {
    const store = new BulkStore(
      this.scorer,
      this.config.match.deduplicatingSources,
      await this.links.allHardNo(this.dataSource.manager),
    );
    const total = await this.plannerStatistics.storedRecordEstimate(this.dataSource.manager);
    let page = await this.records.storedInArrivalOrder(this.dataSource.manager, null, STORE_PAGE);
    while (page.length > 0) {
      store.addStored(page);
      hooks.onProgress?.('loading store', store.size, Math.max(total, store.size));
      const last = page[page.length - 1];
      page = last
        ? await this.records.storedInArrivalOrder(this.dataSource.manager, last, STORE_PAGE)
        : [];
    }
    store.storedComplete();
    return store;
  }

  /**
   * Rows whose record was stored already, with other content: the live ingest updates them
   * (it replaces blocking keys, re-decides links and obsoletes tasks), in file order. Replaying
   * is idempotent: a row already applied is unchanged the second time.
   */
  private async replayPending(
    file: string,
    options: ReadOptions,
    load: BulkLoad,
    actor: Principal,
    hooks: BulkHooks,
  ): Promise<void> {
    const pending = new Set(load.pendingRows);
    if (pending.size === 0) return;
    let row = 0;
    let batch: FileRow[] = [];
    let done = 0;
    for await (const fileRow of readRecordFile(file, options)) {
      row += 1;
      if (!pending.has(row) || 'errors' in fileRow) continue;
      batch.push(fileRow);
      if (batch.length >= this.config.import.batchSize) {
        await this.replay(batch, load, actor);
        done += batch.length;
        hooks.onProgress?.('updates', done, pending.size);
        batch = [];
      }
    }
    await this.replay(batch, load, actor);
  }

  private async replay(rows: FileRow[], load: BulkLoad, actor: Principal): Promise<void> {
    const stored = rows.filter((r): r is Extract<FileRow, { record: unknown }> => 'record' in r);
    if (stored.length === 0) return;
    const { outcomes } = await this.ingest.ingest(
      stored.map((r) => r.record),
      actor,
    );
    for (const o of outcomes) load.tallyReplayed(o.status, o.link, o.reviews ?? 0);
  }

  /** Writes one chunk in one transaction, with the run's new position. */
  async writeChunk(
    chunk: Chunk,
    actor: Principal,
    run: BulkRun,
    summary: ImportSummary,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.runs.commitChunkWithoutFlush(manager);
      await this.records.copyNew(
        manager,
        chunk.records.map((r) => ({
          id: r.id,
          storedRow: r.record.storedRow,
          eventAt: chunk.eventAt(r),
        })),
      );
      await this.records.copyBlockKeys(
        manager,
        chunk.records.map((r) => ({ recordId: r.id, keys: r.record.blockKeys })),
      );
      // A person folded into another moves records stored before this chunk: their rows exist.
      const fresh = new Set(chunk.records.map((r) => r.id));
      const links = [...chunk.writes.links.values()];
      await this.links.copyLinks(
        manager,
        links.filter((l) => fresh.has(l.recordId)),
      );
      await this.links.setLinks(
        manager,
        links.filter((l) => !fresh.has(l.recordId)),
      );
      await this.links.copyEvents(manager, chunk.writes.events);
      await this.golden.recomputeByCopy(
        manager,
        [...chunk.writes.touched],
        new Set(chunk.writes.newPersons),
        chunk.members,
        chunk.writes.merged,
      );
      await this.reviews.openMany(manager, chunk.writes.tasks);
      await this.reviews.foldTasks(manager, chunk.writes.merged);
      await this.nameFrequencies.adjust(manager, nameFrequencyDeltas(chunk.prepared(), new Map()));
      await this.auditBatches(manager, chunk, actor);
      await this.runs.advance(manager, run.fingerprint, { ...chunk.position, summary });
    });
  }

  /** One audit event per batch, as the live ingest writes one per transaction. */
  private async auditBatches(
    manager: EntityManager,
    chunk: Chunk,
    actor: Principal,
  ): Promise<void> {
    for (const batch of chunk.audited) {
      await this.audit.record(manager, actor, {
        action: 'record.ingest',
        outcome: 'success',
        recordIds: batch.recordIds,
        personIds: [...new Set(batch.personIds)],
        detail: {
          created: batch.created,
          updated: 0,
          unchanged: batch.unchanged,
          rejected: 0,
          bulk: true,
        },
      });
    }
  }

  /** Records stored, as the planner last counted them. */
  storedRecords(): Promise<number> {
    return this.plannerStatistics.storedRecordEstimate(this.dataSource.manager);
  }

  applyFrequencies(batch: readonly NewRecord[]): void {
    this.frequencies.apply(
      nameFrequencyDeltas(
        batch.map((r) => r.record),
        new Map(),
      ),
    );
  }

  get batchSize(): number {
    return this.config.import.batchSize;
  }
}
