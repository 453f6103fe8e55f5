import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RelinkCounts } from '../linkage/relink-tally';
import { ArrivalPosition } from './source-record.repository';

/** Where the relink of one model version stands, and what it has done so far. */
export interface RelinkRun {
  modelVersion: number;
  startedAt: string;
  finishedAt: string | null;
  /** The last record of the walk done; null before the first batch. */
  cursor: ArrivalPosition | null;
  totals: RelinkCounts;
}

interface RunRow {
  model_version: number;
  started_at: Date;
  finished_at: Date | null;
  last_received_at: string | null;
  last_record_id: string | null;
  re_decided: number;
  moved: number;
  new_persons: number;
  tasks_opened: number;
  keys_refreshed: number;
}

const RUN_COLUMNS = `model_version, started_at, finished_at, last_received_at::text as last_received_at,
  last_record_id, re_decided, moved, new_persons, tasks_opened, keys_refreshed`;

/** The relink_run table: one row per model version, advanced in each batch's transaction. */
@Injectable()
export class RelinkRunRepository {
  async find(manager: EntityManager, modelVersion: number): Promise<RelinkRun | null> {
    const rows: RunRow[] = await manager.query(
      `select ${RUN_COLUMNS} from relink_run where model_version = $1`,
      [modelVersion],
    );
    return rows[0] ? toRun(rows[0]) : null;
  }

  /**
   * The run's row, created on first use and locked to the end of the caller's transaction: two
   * relinks of one version take turns, each batch starting where the one before committed.
   */
  async lockOrStart(manager: EntityManager, modelVersion: number): Promise<RelinkRun> {
    await manager.query(
      `insert into relink_run (model_version) values ($1) on conflict (model_version) do nothing`,
      [modelVersion],
    );
    const rows: RunRow[] = await manager.query(
      `select ${RUN_COLUMNS} from relink_run where model_version = $1 for update`,
      [modelVersion],
    );
    return toRun(rows[0] as RunRow);
  }

  /** Moves the cursor past a batch and adds its counts. */
  async advance(
    manager: EntityManager,
    modelVersion: number,
    cursor: ArrivalPosition,
    counts: RelinkCounts,
  ): Promise<void> {
    await manager.query(
      `update relink_run set last_received_at = $2::timestamptz, last_record_id = $3, updated_at = now(),
         re_decided = re_decided + $4, moved = moved + $5, new_persons = new_persons + $6,
         tasks_opened = tasks_opened + $7, keys_refreshed = keys_refreshed + $8
       where model_version = $1`,
      [
        modelVersion,
        cursor.receivedAt,
        cursor.recordId,
        counts.reDecided,
        counts.moved,
        counts.newPersons,
        counts.tasksOpened,
        counts.keysRefreshed,
      ],
    );
  }

  async finish(manager: EntityManager, modelVersion: number): Promise<void> {
    await manager.query(
      `update relink_run set finished_at = now(), updated_at = now() where model_version = $1`,
      [modelVersion],
    );
  }
}

function toRun(row: RunRow): RelinkRun {
  return {
    modelVersion: row.model_version,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    cursor:
      row.last_received_at !== null && row.last_record_id !== null
        ? { receivedAt: row.last_received_at, recordId: row.last_record_id }
        : null,
    totals: {
      reDecided: row.re_decided,
      moved: row.moved,
      newPersons: row.new_persons,
      tasksOpened: row.tasks_opened,
      keysRefreshed: row.keys_refreshed,
    },
  };
}
