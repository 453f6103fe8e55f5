import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Of a text column `key` holding a base64url blocking-key token: its first 12 characters
 * decode to 9 bytes, of which the first 8, as a signed bigint, are the stored key. Equal to
 * src/tokens/block-key-id.ts (blockKeyId), which the writers use.
 */
export const BLOCK_KEY_ID_SQL = `('x' || encode(substring(decode(translate(substr(key, 1, 12), '-_', '+/'), 'base64') from 1 for 8), 'hex'))::bit(64)::bigint`;

/**
 * Blocking keys as 64-bit integers instead of 22-character tokens: about fourteen rows per
 * record, in a table and two B-trees that were a quarter of the store. Table format, for
 * writers that COPY into it:
 *
 *   record_block_key (key bigint, record_id uuid), primary key (key, record_id),
 *   index (record_id); key = blockKeyId(token): the token's first 8 bytes, big-endian, signed.
 *
 * Key rotation keeps working unchanged: keys are still keyed hashes under the active data key,
 * and a re-keyed record's keys are rewritten as before.
 */
export class BlockKeysAsBigint1767000000000 implements MigrationInterface {
  name = 'BlockKeysAsBigint1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table record_block_key alter column key type bigint using ${BLOCK_KEY_ID_SQL}`,
    );
  }

  /** Truncated hashes do not come back: `mpi relink` rewrites the keys from the features. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table record_block_key alter column key type text using key::text`);
  }
}
