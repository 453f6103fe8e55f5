import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { preparedQuery } from './prepared-query';

/** Registers a parameter value and returns its placeholder (`$n`). */
export type Param = (value: unknown) => string;

/**
 * A piece of one statement, written by the repository that owns its tables: common table
 * expressions (`name as (...)`, comma-separated; names prefixed by intent so that parts never
 * clash) and, when it reads something, the CTE whose rows it hands back. Parts that write
 * independent rows, or that read, go out together in one statement (runParts): one round trip
 * instead of one each, the same rows written and read.
 *
 * One statement has one snapshot: a part must not need to see rows another part of the same
 * statement writes (data-modifying CTEs do not see each other's changes), nor rows committed
 * by a transaction it waits on for a lock. Row locks (`for update`) are fine: the locked row
 * is read as last committed.
 */
export interface StatementPart {
  ctes(param: Param): string;
  /** The CTE whose rows this part reads back (as JSON objects, in the CTE's order). */
  returns?: string;
}

/**
 * Runs parts as one statement; returns the rows each part reads back, in part order (empty
 * for a part that only writes). `prepare` names the statement on its connection, for hot
 * reads whose text repeats (the plan is made once per connection).
 */
export async function runParts(
  manager: EntityManager,
  parts: readonly StatementPart[],
  options: { prepare?: boolean } = {},
): Promise<unknown[][]> {
  const values: unknown[] = [];
  const param: Param = (value) => {
    values.push(value);
    return `$${values.length}`;
  };
  const ctes = parts.map((p) => p.ctes(param)).join(',\n');
  // One row per part, its rows as one JSON array: no per-row conversion to jsonb.
  const reads = parts
    .map((p, i) =>
      p.returns ? `select ${i} as part, json_agg(r) as rows from ${p.returns} r` : '',
    )
    .filter((s) => s !== '');
  const sql = `with ${ctes}\n${reads.length > 0 ? reads.join('\nunion all ') : 'select null::int as part, null::json as rows where false'}`;
  const rows: { part: number; rows: unknown[] | null }[] = options.prepare
    ? await preparedQuery(manager, preparedName(sql), sql, values)
    : await manager.query(sql, values);
  const byPart: unknown[][] = parts.map(() => []);
  for (const r of rows) byPart[r.part] = r.rows ?? [];
  return byPart;
}

/** A prepared statement's name: the text's hash, so one name never stands for two texts. */
function preparedName(sql: string): string {
  return `mpi_parts_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
}
