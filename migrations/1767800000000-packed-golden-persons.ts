import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's golden record is kept deflated too (`packed`, src/linkage/stored-golden.ts), as
 * its versions are: 540 bytes of compact jsonb become about 160, and a person row is rewritten
 * on every link, so the page space its updates leave behind shrinks with it (issue 17).
 * PostgreSQL compresses no row under 2 kB, so the service deflates. Rows written before keep
 * their `golden` jsonb and read as they are (each is packed on its next recompute); a person
 * inserted before its first golden record holds `golden` '{}' (the default) until then. Each
 * row holds one of the two.
 */
export class PackedGoldenPersons1767800000000 implements MigrationInterface {
  name = 'PackedGoldenPersons1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table person add column packed bytea`);
    await q.query(`alter table person alter column golden drop not null`);
    await q.query(
      `alter table person add constraint person_one_form check ((golden is null) <> (packed is null))`,
    );
  }

  /** Only while no person is packed: SQL cannot inflate them back into `golden`. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table person drop constraint person_one_form`);
    await q.query(`alter table person alter column golden set not null`);
    await q.query(`alter table person drop column packed`);
  }
}
