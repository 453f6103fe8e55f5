import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The import refreshes the planner statistics of the hot tables as a bulk load goes (see
 * src/records/statistics-refresh.ts), but ANALYZE needs the table's owner, and the service now
 * connects as a role that owns nothing (src/database/service-grants.ts). This function runs it
 * with its owner's rights: it takes no argument, names its tables with their schema and fixes
 * its search path, so a caller can make it do nothing else. Only roles granted EXECUTE call it.
 */
const HOT_TABLES = ['source_record', 'record_block_key', 'record_link', 'person', 'name_frequency'];

export class PlannerStatisticsFunction1765300000000 implements MigrationInterface {
  name = 'PlannerStatisticsFunction1765300000000';

  async up(q: QueryRunner): Promise<void> {
    const rows = (await q.query(`select current_schema() as schema`)) as { schema: string }[];
    const schema = rows[0]?.schema ?? 'public';
    const quoted = `"${schema.replace(/"/g, '""')}"`;
    const tables = HOT_TABLES.map((t) => `${quoted}.${t}`).join(', ');
    await q.query(`
      create function refresh_planner_statistics() returns void
        language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
      begin
        analyze ${tables};
      end $$`);
    await q.query(`revoke execute on function refresh_planner_statistics() from public`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function refresh_planner_statistics()`);
  }
}
