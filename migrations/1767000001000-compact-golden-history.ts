import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Golden records and their history, stored compressed and rewritten in place.
 *
 * A golden record is about a kilobyte of JSON that repeats itself (the same keys, record ids,
 * sources and reasons field after field): PostgreSQL compresses a value only once its row
 * passes toast_tuple_target (2 kB by default), so these rows were never compressed.
 * With a target of 128 bytes and storage `main` (compress in the row, move out of it only as
 * a last resort), person.golden, person_version.golden and link_event.explanation are
 * compressed as they are written. Rows written before stay as they are until rewritten.
 *
 * A person's row is rewritten whenever a record joins or leaves it: fillfactor 70 leaves room
 * in its page for the new version, so the update is a heap-only one (no index entry; the
 * primary key is the table's only index) and pruning reclaims the old one.
 *
 * Table formats are unchanged (for writers that COPY into them).
 */
export class CompactGoldenHistory1767000001000 implements MigrationInterface {
  name = 'CompactGoldenHistory1767000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table person set (fillfactor = 70, toast_tuple_target = 128)`);
    await q.query(`alter table person alter column golden set storage main`);
    await q.query(`alter table person_version set (toast_tuple_target = 128)`);
    await q.query(`alter table person_version alter column golden set storage main`);
    await q.query(`alter table link_event set (toast_tuple_target = 128)`);
    await q.query(`alter table link_event alter column explanation set storage main`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table link_event alter column explanation set storage extended`);
    await q.query(`alter table link_event reset (toast_tuple_target)`);
    await q.query(`alter table person_version alter column golden set storage extended`);
    await q.query(`alter table person_version reset (toast_tuple_target)`);
    await q.query(`alter table person alter column golden set storage extended`);
    await q.query(`alter table person reset (fillfactor, toast_tuple_target)`);
  }
}
