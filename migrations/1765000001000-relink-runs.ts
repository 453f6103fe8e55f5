import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `mpi relink` re-decides the automatic links of a store under a new model version, a batch
 * per transaction, walking the records in arrival order. One row per model version holds where
 * the walk stands (the last record done, committed with the batch), so a run that stops for
 * any reason continues where it left off, and a finished one is not repeated. The arrival-order
 * index keeps each batch's "next records after the cursor" an index range scan at any size.
 */
export class RelinkRuns1765000001000 implements MigrationInterface {
  name = 'RelinkRuns1765000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table relink_run (
        model_version integer primary key,
        started_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        finished_at timestamptz,
        last_received_at timestamptz,
        last_record_id uuid,
        re_decided integer not null default 0,
        moved integer not null default 0,
        new_persons integer not null default 0,
        tasks_opened integer not null default 0,
        keys_refreshed integer not null default 0,
        check ((last_received_at is null) = (last_record_id is null))
      )`);
    await q.query(`create index source_record_arrival on source_record (received_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index source_record_arrival`);
    await q.query(`drop table relink_run`);
  }
}
