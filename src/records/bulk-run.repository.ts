import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Where the bulk load of one file stands: rows committed, counts so far, rows left for the live path. */
export interface BulkRun {
  fingerprint: string;
  rowsDone: number;
  finished: boolean;
  /** Lines whose record was stored already: replayed through the live ingest at the end. */
  pendingLines: number[];
  summary: Record<string, unknown>;
}

interface RunRow {
  fingerprint: string;
  rows_done: number;
  finished_at: Date | null;
  pending_lines: number[];
  summary: Record<string, unknown>;
}

/** The bulk_import_run table: one row per file, advanced in each chunk's transaction. */
@Injectable()
export class BulkRunRepository {
  /** The file's run, started afresh when there is none or the last one finished. */
  async startOrResume(manager: EntityManager, fingerprint: string): Promise<BulkRun> {
    const rows: RunRow[] = await manager.query(
      `insert into bulk_import_run (fingerprint) values ($1)
       on conflict (fingerprint) do update set
         started_at = case when bulk_import_run.finished_at is null then bulk_import_run.started_at else now() end,
         rows_done = case when bulk_import_run.finished_at is null then bulk_import_run.rows_done else 0 end,
         pending_lines = case when bulk_import_run.finished_at is null then bulk_import_run.pending_lines else '{}' end,
         summary = case when bulk_import_run.finished_at is null then bulk_import_run.summary else '{}' end,
         finished_at = null, updated_at = now()
       returning fingerprint, rows_done, finished_at, pending_lines, summary`,
      [fingerprint],
    );
    return toRun(rows[0] as RunRow);
  }

  /**
   * A chunk's transaction commits without waiting for the flush: a commit lost to a crash is a
   * chunk the rerun loads again, its position lost with it; the run's finish waits for the
   * flush, and with it for every chunk's commit before.
   */
  async commitChunkWithoutFlush(manager: EntityManager): Promise<void> {
    await manager.query(`set local synchronous_commit = off`);
  }

  /** Advances the run inside a chunk's transaction. */
  async advance(
    manager: EntityManager,
    fingerprint: string,
    progress: { rowsDone: number; pendingLines: readonly number[]; summary: object },
  ): Promise<void> {
    await manager.query(
      `update bulk_import_run set rows_done = $2, pending_lines = $3::int[], summary = $4::jsonb,
              updated_at = now() where fingerprint = $1`,
      [fingerprint, progress.rowsDone, progress.pendingLines, JSON.stringify(progress.summary)],
    );
  }

  async finish(manager: EntityManager, fingerprint: string, summary: object): Promise<void> {
    await manager.query(
      `update bulk_import_run set finished_at = now(), updated_at = now(), summary = $2::jsonb
        where fingerprint = $1`,
      [fingerprint, JSON.stringify(summary)],
    );
  }
}

function toRun(row: RunRow): BulkRun {
  return {
    fingerprint: row.fingerprint,
    rowsDone: row.rows_done,
    finished: row.finished_at !== null,
    pendingLines: row.pending_lines,
    summary: row.summary,
  };
}
