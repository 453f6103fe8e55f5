import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `mpi import --bulk` loads a file in chunks of one transaction each. One row per file
 * (its fingerprint: size and a hash of its content) holds how many of its rows are done,
 * committed with each chunk, and the counts so far, so a load killed at any point continues
 * at the first row not committed; rows whose record was already stored are replayed through
 * the live ingest afterwards (`pending_lines`), in file order.
 */
export class BulkImportRun1767000100000 implements MigrationInterface {
  name = 'BulkImportRun1767000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table bulk_import_run (
        fingerprint text primary key,
        started_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        finished_at timestamptz,
        rows_done integer not null default 0,
        pending_lines integer[] not null default '{}',
        summary jsonb not null default '{}'
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table bulk_import_run`);
  }
}
