import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { quoteIdentifier } from './database-admin.repository';
import { SERVICE_FUNCTIONS, SERVICE_SEQUENCES, SERVICE_TABLE_GRANTS } from './service-grants';

/** Who the service's pool connects as. */
export interface ServiceRole {
  name: string;
  superuser: boolean;
  /** It owns the schema's tables (or is a member of their owner). */
  owner: boolean;
}

/** Two processes starting at once would grant at once; PostgreSQL fails one of them. */
const GRANTS_LOCK = 'mpi service grants';

/**
 * The statements that leave `role` with exactly the grants of service-grants.ts, in `schema`.
 * Run by the owner on every start (they are idempotent), or printed by `mpi db grants` for a
 * database administrator who applies them by hand.
 */
export function serviceGrantStatements(role: string, schema = 'public'): string[] {
  const r = quoteIdentifier(role);
  const s = quoteIdentifier(schema);
  const tables = Object.entries(SERVICE_TABLE_GRANTS).flatMap(([table, privileges]) => [
    `revoke all on ${s}.${table} from ${r}`,
    `grant ${privileges.join(', ')} on ${s}.${table} to ${r}`,
  ]);
  return [
    // PostgreSQL before 15 let every role create objects in `public`; 15 and later do not.
    `revoke create on schema ${s} from public`,
    `revoke all on schema ${s} from ${r}`,
    `grant usage on schema ${s} to ${r}`,
    ...tables,
    ...SERVICE_SEQUENCES.flatMap((sequence) => [
      `revoke all on sequence ${s}.${sequence} from ${r}`,
      `grant usage on sequence ${s}.${sequence} to ${r}`,
    ]),
    ...SERVICE_FUNCTIONS.map((fn) => `grant execute on function ${s}.${fn} to ${r}`),
  ];
}

/** `mpi db grants`: the grants as a script a database administrator runs, with how to begin. */
export function serviceGrantScript(role: string): string[] {
  return [
    `-- The MPI service's role ${role}: no superuser, owns nothing, creates nothing, may not`,
    '-- update or delete history (audit_event, person_version, link_event). Create it once:',
    `--   create role ${quoteIdentifier(role)} login password '...';`,
    '-- then run this as the owner of the schema, after the migrations and after each upgrade.',
    'begin;',
    ...serviceGrantStatements(role).map((statement) => `${statement};`),
    'commit;',
  ];
}

/** The role this connection runs as. */
export async function currentRole(manager: EntityManager): Promise<string> {
  const rows = (await manager.query(`select current_user as name`)) as { name: string }[];
  return rows[0]?.name ?? '';
}

/** The role of this connection as the server sees it: superuser, owner of the schema. */
export async function describeCurrentRole(client: Client): Promise<ServiceRole | undefined> {
  const result = await client.query<ServiceRole>(
    `select r.rolname as name, r.rolsuper as superuser,
            coalesce(pg_has_role(c.relowner, 'USAGE'), false) as owner
       from pg_roles r left join pg_class c on c.oid = to_regclass('audit_event')
      where r.rolname = current_user`,
  );
  return result.rows[0];
}

/**
 * Grants `role` exactly the service's rights in the connection's current schema, inside the
 * caller's transaction (`manager`), one process at a time.
 */
export async function grantServiceRole(manager: EntityManager, role: string): Promise<void> {
  await manager.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [GRANTS_LOCK]);
  const rows = (await manager.query(`select current_schema() as schema`)) as {
    schema: string;
  }[];
  for (const statement of serviceGrantStatements(role, rows[0]?.schema))
    await manager.query(statement);
}
