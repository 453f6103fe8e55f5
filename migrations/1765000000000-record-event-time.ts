import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the source says a registration happened (FHIR `meta.lastUpdated`; for CSV and JSON,
 * the moment the MPI received the row), apart from when this store wrote it: survivorship
 * follows the newest registration by this time, not by the order batches happened to commit.
 * Nullable, so adding it rewrites no row: records stored before it fall back to `changed_at`.
 */
export class RecordEventTime1765000000000 implements MigrationInterface {
  name = 'RecordEventTime1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table source_record add column event_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table source_record drop column event_at`);
  }
}
