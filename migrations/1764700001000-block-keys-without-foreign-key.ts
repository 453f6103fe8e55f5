import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Blocking keys are written only by the ingest, right after their record, in the same
 * transaction, and source records are never deleted: the foreign key checked nothing the
 * writer does not already guarantee, at the price of one lookup per key row (about fourteen
 * per record) on the hottest insert of the service. Readers join the record anyway.
 */
export class BlockKeysWithoutForeignKey1764700001000 implements MigrationInterface {
  name = 'BlockKeysWithoutForeignKey1764700001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table record_block_key drop constraint record_block_key_record_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table record_block_key add constraint record_block_key_record_id_fkey
         foreign key (record_id) references source_record (id) on delete cascade`,
    );
  }
}
