import { MigrationInterface, QueryRunner } from 'typeorm';
import { BULK_LOAD_INDEXES } from './1767200000000-bulk-load-indexes';
import { BulkLoadIndex, bulkLoadIndexFunctions } from './support/bulk-load-index-functions';

const OTHER_IDS = 'source_record_other_identifiers';
const WIDE = `using gin ((features->'otherIdentifiers') jsonb_path_ops)`;
const LINK_EVENT_RECORD: BulkLoadIndex = ['link_event', 'link_event_record', `(record_id, at)`];

/**
 * Two indexes made smaller or dropped, measured on a store of 116,206 records (issue 17: the
 * store was 5.9 kB a record, the goal 3 kB); neither is read by `$match` or the linker.
 *
 * - FHIR Patient search by an identifier of another system (`identifier=system|value`, and
 *   whether a system is known at all) asks only for `system` and `token`, but its index took
 *   every value of each identifier: its deletion variants and stem too (`v`, `s`,
 *   src/database/stored-features.ts), about ten hashes an identifier, 188 bytes a record. It
 *   now indexes the identifiers without them (searchable_other_identifiers), 73 bytes a
 *   record; the searches, the same `@>`, find the same records.
 * - link_event_record (record_id, at), 53 bytes a record, served no query: a person's
 *   history reads link events by person (link_event_person, link_event_from_person), an undo
 *   by id.
 *
 * The bulk load's index functions are replaced with the list as it now is.
 */
export class SmallerIndexes1767600100000 implements MigrationInterface {
  name = 'SmallerIndexes1767600100000';

  async up(q: QueryRunner): Promise<void> {
    const schema = await quotedSchema(q);
    await q.query(`
      create function searchable_other_identifiers(features jsonb) returns jsonb
        language sql immutable parallel safe set search_path = pg_catalog, pg_temp as $$
        select jsonb_agg(id - 'v' - 's') from jsonb_array_elements(features->'otherIdentifiers') id
      $$`);
    await q.query(`drop index ${OTHER_IDS}`);
    await q.query(`create index ${OTHER_IDS} on source_record ${narrow(schema)}`);
    await q.query(`drop index link_event_record`);
    await replaceBulkLoadFunctions(q, schema, narrow(schema), false);
  }

  async down(q: QueryRunner): Promise<void> {
    const schema = await quotedSchema(q);
    await q.query(`create index link_event_record on link_event ${LINK_EVENT_RECORD[2]}`);
    await q.query(`drop index ${OTHER_IDS}`);
    await q.query(`create index ${OTHER_IDS} on source_record ${WIDE}`);
    await replaceBulkLoadFunctions(q, schema, WIDE, true);
    await q.query(`drop function searchable_other_identifiers(jsonb)`);
  }
}

/** Qualified: the bulk load's functions build it with an empty search path. */
function narrow(schema: string): string {
  return `using gin (${schema}.searchable_other_identifiers(features) jsonb_path_ops)`;
}

async function replaceBulkLoadFunctions(
  q: QueryRunner,
  schema: string,
  otherIds: string,
  withLinkEventRecord: boolean,
): Promise<void> {
  const indexes = BULK_LOAD_INDEXES.filter(
    ([, name]) => withLinkEventRecord || name !== LINK_EVENT_RECORD[1],
  ).map(([table, name, old]): BulkLoadIndex => [table, name, name === OTHER_IDS ? otherIds : old]);
  for (const statement of bulkLoadIndexFunctions(schema, indexes)) await q.query(statement);
}

async function quotedSchema(q: QueryRunner): Promise<string> {
  const rows = (await q.query(`select current_schema() as schema`)) as { schema: string }[];
  return `"${(rows[0]?.schema ?? 'public').replace(/"/g, '""')}"`;
}
