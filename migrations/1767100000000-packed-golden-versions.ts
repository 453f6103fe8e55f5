import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Golden record versions are kept deflated (`packed`, see src/linkage/stored-golden.ts): a
 * version is written on every recompute that changes a person and read only for the person's
 * history, and PostgreSQL compresses no row under 2 kB however its columns are set (storage,
 * lz4, toast_tuple_target). Versions written before keep their `golden` jsonb and read as
 * they are; each row holds one of the two.
 */
export class PackedGoldenVersions1767100000000 implements MigrationInterface {
  name = 'PackedGoldenVersions1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table person_version add column packed bytea`);
    await q.query(`alter table person_version alter column golden drop not null`);
    await q.query(
      `alter table person_version add constraint person_version_one_form
         check ((golden is null) <> (packed is null))`,
    );
  }

  /** Only while no version is packed: SQL cannot inflate them back into `golden`. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table person_version drop constraint person_version_one_form`);
    await q.query(`alter table person_version alter column golden set not null`);
    await q.query(`alter table person_version drop column packed`);
  }
}
