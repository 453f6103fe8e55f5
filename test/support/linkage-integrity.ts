import { Client } from 'pg';

/**
 * Invariants of a linked store: how many records and links there are (equal when every record
 * is linked exactly once) and how many active persons have a current golden version built
 * from other records than the ones linked to them (0 when no recompute read stale links).
 */
export async function linkageIntegrity(
  databaseUrl: string,
): Promise<{ records: number; links: number; stale: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const r = await db.query(`select
      (select count(*)::int from source_record) as records,
      (select count(*)::int from record_link) as links,
      (select count(*)::int from person p
        where p.status <> 'merged' and (
          select array_agg(l.record_id order by l.record_id) from record_link l where l.person_id = p.id
        ) is distinct from (
          select array_agg(x order by x) from person_version v, unnest(v.record_ids) x
           where v.person_id = p.id and v.version = p.version
        )) as stale`);
    return r.rows[0];
  } finally {
    await db.end();
  }
}
