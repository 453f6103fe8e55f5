import { MigrationInterface, QueryRunner } from 'typeorm';
import { BULK_LOAD_INDEXES } from './1767200000000-bulk-load-indexes';
import { BulkLoadIndex, bulkLoadIndexFunctions } from './support/bulk-load-index-functions';

const NAME = 'source_record_other_identifiers';
const WIDE = `using gin ((features->'otherIdentifiers') jsonb_path_ops)`;

/**
 * FHIR Patient search by an identifier of another system (`identifier=system|value`, and
 * whether a system is known at all) asks only for `system` and `token`, but the index took
 * every value of each identifier: its deletion variants and stem too (`v`, `s`,
 * src/database/stored-features.ts), about ten hashes an identifier, 188 bytes a record of the
 * store's 5.9 kB (issue 17). It now indexes the identifiers without them
 * (searchable_other_identifiers), 73 bytes a record; the searches, the same `@>`, find the
 * same records. The bulk load's functions build the new form.
 */
export class NarrowOtherIdentifiersIndex1767600100000 implements MigrationInterface {
  name = 'NarrowOtherIdentifiersIndex1767600100000';

  async up(q: QueryRunner): Promise<void> {
    const schema = await quotedSchema(q);
    await q.query(`
      create function searchable_other_identifiers(features jsonb) returns jsonb
        language sql immutable parallel safe set search_path = pg_catalog, pg_temp as $$
        select jsonb_agg(id - 'v' - 's') from jsonb_array_elements(features->'otherIdentifiers') id
      $$`);
    await q.query(`drop index ${NAME}`);
    await q.query(`create index ${NAME} on source_record ${narrow(schema)}`);
    await replaceBulkLoadFunctions(q, schema, narrow(schema));
  }

  async down(q: QueryRunner): Promise<void> {
    const schema = await quotedSchema(q);
    await q.query(`drop index ${NAME}`);
    await q.query(`create index ${NAME} on source_record ${WIDE}`);
    await replaceBulkLoadFunctions(q, schema, WIDE);
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
  definition: string,
): Promise<void> {
  const indexes = BULK_LOAD_INDEXES.map(([table, name, old]): BulkLoadIndex => [
    table,
    name,
    name === NAME ? definition : old,
  ]);
  for (const statement of bulkLoadIndexFunctions(schema, indexes)) await q.query(statement);
}

async function quotedSchema(q: QueryRunner): Promise<string> {
  const rows = (await q.query(`select current_schema() as schema`)) as { schema: string }[];
  return `"${(rows[0]?.schema ?? 'public').replace(/"/g, '""')}"`;
}
