import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A record's link to its person is checked at commit: live linkage links a batch's records
 * first and then writes each new person once, with its golden record, instead of inserting
 * an empty person and rewriting it in the same transaction.
 */
export class DeferredPersonLinks1764700000000 implements MigrationInterface {
  name = 'DeferredPersonLinks1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table record_link alter constraint record_link_person_id_fkey deferrable initially deferred`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table record_link alter constraint record_link_person_id_fkey not deferrable`,
    );
  }
}
