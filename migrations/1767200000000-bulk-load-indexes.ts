import { MigrationInterface, QueryRunner } from 'typeorm';
import { BulkLoadIndex, bulkLoadIndexFunctions } from './support/bulk-load-index-functions';

/**
 * The indexes a bulk load into an empty (or small) store goes without, and builds once at its
 * end (src/database/bulk-load-indexes.ts; docs/performance.md, "Bulk import"): none is read by
 * `$match` or by the linker, every one is written for each record. FHIR Patient search's nine
 * on source_record (their definitions as migration 1763801500000 made them), the blocking
 * keys' lookup by record (about fourteen rows a record) and link history's three. A later
 * migration that changes one of these indexes replaces the two functions with its own list
 * (bulkLoadIndexFunctions; 1767600100000 does).
 */
export const BULK_LOAD_INDEXES: BulkLoadIndex[] = [
  ['record_block_key', 'record_block_key_record', `(record_id)`],
  [
    'source_record',
    'source_record_other_identifiers',
    `using gin ((features->'otherIdentifiers') jsonb_path_ops)`,
  ],
  [
    'source_record',
    'source_record_family_name',
    `((demographics->>'familyName') text_pattern_ops)`,
  ],
  ['source_record', 'source_record_given_name', `((demographics->>'givenName') text_pattern_ops)`],
  [
    'source_record',
    'source_record_middle_name',
    `((demographics->>'middleName') text_pattern_ops)`,
  ],
  ['source_record', 'source_record_birth_date', `((demographics->>'birthDate'))`],
  [
    'source_record',
    'source_record_postal_code',
    `((demographics->>'postalCode') text_pattern_ops)`,
  ],
  ['source_record', 'source_record_ssn_token', `((features->'ssn'->>'token'))`],
  ['source_record', 'source_record_phone_token', `((features->'phone'->>'token'))`],
  ['source_record', 'source_record_email_token', `((features->'email'->>'token'))`],
  ['link_event', 'link_event_person', `(person_id, at)`],
  ['link_event', 'link_event_from_person', `(from_person_id, at)`],
  ['link_event', 'link_event_record', `(record_id, at)`],
];

/**
 * Two functions with the owner's rights (the service's role owns no table, and only an owner
 * drops or creates an index), each naming its indexes with their schema and fixing its search
 * path, so a caller can make them do nothing else:
 *
 *   drop_bulk_load_indexes(): drops them all;
 *   restore_bulk_load_indexes(part, parts): creates those missing among every parts-th of the
 *     list from `part` on (callers build the parts at once, on as many connections), and
 *     returns how many it created. Idempotent: it runs at the end of a bulk load and at every
 *     start (src/database/schema-setup.ts), which repairs a load that died between the two.
 */
export class BulkLoadIndexes1767200000000 implements MigrationInterface {
  name = 'BulkLoadIndexes1767200000000';

  async up(q: QueryRunner): Promise<void> {
    const rows = (await q.query(`select current_schema() as schema`)) as { schema: string }[];
    const schema = `"${(rows[0]?.schema ?? 'public').replace(/"/g, '""')}"`;
    for (const statement of bulkLoadIndexFunctions(schema, BULK_LOAD_INDEXES))
      await q.query(statement);
    await q.query(`revoke execute on function drop_bulk_load_indexes() from public`);
    await q.query(
      `revoke execute on function restore_bulk_load_indexes(integer, integer) from public`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`select restore_bulk_load_indexes(0, 1)`);
    await q.query(`drop function restore_bulk_load_indexes(integer, integer)`);
    await q.query(`drop function drop_bulk_load_indexes()`);
  }
}
