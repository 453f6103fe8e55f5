import { setImmediate } from 'node:timers/promises';
import { Principal } from '../../auth/principal';
import { LinkResult, newPersonMembers } from '../../linkage/batch-linker';
import { ImportSummary, emptyImportSummary } from '../record-importer';
import { FileRow, ReadOptions, readRecordFile } from '../record-file-reader';
import { Rejection } from '../prepared-record';
import { isRejection } from '../record-preparer';
import { BulkRun } from '../bulk-run.repository';
import { AuditedBatch, Chunk } from './bulk-chunk';
import { BulkStore, NewRecord } from './bulk-store';
import { OrderedIds } from './file-fingerprint';
import { PreparePool } from './prepare-pool';
import { BulkPrepared } from './prepare-messages';

export type BulkPhase =
  'reading' | 'loading store' | 'linking' | 'indexes' | 'updates' | 'statistics';

export interface BulkHooks {
  /** Where the load stands: its phase, and rows done of the phase's total. */
  onProgress?: (phase: BulkPhase, done: number, total: number) => void;
  /** Called with each new record's line, id and extra columns once committed (eval uses it). */
  onStored?: (line: number, recordId: string, extra: Record<string, string>) => void;
}

/** Where a load's chunks go: the importer writes them, one transaction each. */
export interface ChunkSink {
  writeChunk(chunk: Chunk, actor: Principal, run: BulkRun, summary: ImportSummary): Promise<void>;
  /** A batch is linked: later batches score with its names counted (as after a live commit). */
  applyFrequencies(batch: readonly NewRecord[]): void;
  readonly batchSize: number;
}

/** Rows sent to a preparation worker at once, and requests kept in flight per worker. */
const PREPARE_ROWS = 1000;
const PREPARE_AHEAD = 3;
/** Batches (of MPI_IMPORT_BATCH records) per transaction. */
const CHUNK_BATCHES = 20;
/**
 * Linking holds the thread at most this long at a time: the chunk being written needs it for
 * a moment between its statements, and PostgreSQL sits idle until it gets it.
 */
const LINK_SLICE_MS = 10;

interface PreparedGroup {
  rows: { row: number; fileRow: FileRow }[];
  results: Promise<(BulkPrepared | Rejection)[]>;
}

/**
 * One run over a file: rows are read in order, prepared on the pool ahead of the linker, and
 * consumed in order; every MPI_IMPORT_BATCH new records are linked as one batch, every
 * CHUNK_BATCHES batches written as one chunk while the next is linked. The run's position
 * (the last row of a committed chunk) is where a rerun continues.
 */
export class BulkLoad {
  readonly summary: ImportSummary;
  readonly pendingRows: number[];
  private chunk = new Chunk();
  private batch: NewRecord[] = [];
  private ids = new OrderedIds();
  private writing: Promise<void> = Promise.resolve();
  private row = 0;

  constructor(
    private readonly sink: ChunkSink,
    private readonly run: BulkRun,
    private readonly store: BulkStore,
    private readonly actor: Principal,
    private readonly hooks: BulkHooks,
    private readonly totalRows: number,
  ) {
    this.summary = { ...emptyImportSummary(), ...(run.summary as Partial<ImportSummary>) };
    this.pendingRows = [...run.pendingLines];
    // A rerun with no row left still ends by committing where the run stands.
    this.row = run.rowsDone;
  }

  async load(file: string, options: ReadOptions, pool: PreparePool): Promise<void> {
    const inFlight: PreparedGroup[] = [];
    let group: PreparedGroup['rows'] = [];
    let row = 0;
    for await (const fileRow of readRecordFile(file, options)) {
      row += 1;
      if (row <= this.run.rowsDone) continue;
      group.push({ row, fileRow });
      if (group.length < PREPARE_ROWS) continue;
      inFlight.push(prepareGroup(pool, group));
      group = [];
      while (inFlight.length >= pool.size * PREPARE_AHEAD)
        await this.consume(inFlight.shift() as PreparedGroup);
    }
    inFlight.push(prepareGroup(pool, group));
    for (const entry of inFlight) await this.consume(entry);
    await this.linkBatch();
    await this.closeChunk();
    await this.writing;
  }

  /** A row replayed through the live ingest (its record was stored already). */
  tallyReplayed(status: string, link: LinkResult['link'] | undefined, reviews: number): void {
    if (status === 'created' || status === 'updated' || status === 'unchanged')
      this.summary[status] += 1;
    if (link === 'auto') this.summary.linkedAutomatically += 1;
    this.summary.sentToReview += reviews;
  }

  private async consume(entry: PreparedGroup): Promise<void> {
    const results = new Map((await entry.results).map((r) => [r.index, r]));
    for (const { row, fileRow } of entry.rows) {
      this.row = row;
      this.summary.read += 1;
      const prepared = results.get(row);
      if ('errors' in fileRow) this.reject(fileRow.line, fileRow.errors);
      else if (!prepared || isRejection(prepared))
        this.reject(fileRow.line, prepared?.errors ?? []);
      else await this.accept(row, fileRow, prepared);
    }
    this.hooks.onProgress?.('linking', this.row, this.totalRows);
  }

  private async accept(
    row: number,
    fileRow: Extract<FileRow, { record: unknown }>,
    record: BulkPrepared,
  ): Promise<void> {
    const stored = this.store.hashOf(record);
    if (stored === record.contentHash) {
      this.summary.unchanged += 1;
      return;
    }
    if (stored !== undefined) {
      // Stored already with other content: the live ingest updates it at the end.
      this.pendingRows.push(row);
      return;
    }
    const id = this.ids.next();
    const ordinal = this.store.claim(record, id);
    this.batch.push({ id, ordinal, row, line: fileRow.line, extra: fileRow.extra, record });
    if (this.batch.length >= this.sink.batchSize) await this.linkBatch();
  }

  private async linkBatch(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    this.store.indexBatch(batch);
    const results: LinkResult[] = [];
    let sliceStart = performance.now();
    for (const r of batch) {
      results.push(this.store.link(r, this.actor, this.chunk.writes));
      // The chunk being written waits on this thread between its statements: let it go on.
      if (performance.now() - sliceStart < LINK_SLICE_MS) continue;
      await setImmediate();
      sliceStart = performance.now();
    }
    this.sink.applyFrequencies(batch);
    this.chunk.add(batch);
    const audited: AuditedBatch = { recordIds: [], personIds: [], created: 0, unchanged: 0 };
    results.forEach((result, i) => {
      audited.recordIds.push((batch[i] as NewRecord).id);
      audited.personIds.push(result.personId);
      audited.created += 1;
      this.summary.created += 1;
      if (result.link === 'auto') this.summary.linkedAutomatically += 1;
      this.summary.sentToReview += result.reviews;
    });
    if (batch.length > 0) this.chunk.audited.push(audited);
    if (this.chunk.audited.length >= CHUNK_BATCHES) await this.closeChunk();
  }

  /** Hands the chunk to the writer once the one before it is committed, and starts the next. */
  private async closeChunk(): Promise<void> {
    const chunk = this.chunk;
    chunk.position = { rowsDone: this.row, pendingLines: [...this.pendingRows] };
    const contributors = new Map(chunk.records.map((r) => [r.id, chunk.contributor(r)]));
    chunk.members = newPersonMembers(this.store.state, chunk.writes.newPersons, contributors);
    const summary = { ...this.summary, rejections: [...this.summary.rejections] };
    this.chunk = new Chunk();
    this.ids = new OrderedIds();
    await this.writing;
    this.writing = this.sink.writeChunk(chunk, this.actor, this.run, summary).then(() => {
      for (const r of chunk.records) this.hooks.onStored?.(r.line, r.id, r.extra);
    });
    // A failed write must surface at the next await, not as an unhandled rejection meanwhile.
    this.writing.catch(() => undefined);
  }

  private reject(line: number, errors: { field: string; reason: string }[]): void {
    this.summary.rejected += 1;
    for (const e of errors)
      this.summary.rejections.push({ line, field: e.field, reason: e.reason });
  }
}

function prepareGroup(pool: PreparePool, rows: PreparedGroup['rows']): PreparedGroup {
  const records = rows.flatMap(({ row, fileRow }) =>
    'record' in fileRow ? [{ index: row, record: fileRow.record }] : [],
  );
  return { rows, results: records.length > 0 ? pool.prepare(records) : Promise.resolve([]) };
}
