import {
  EMBEDDED_SERVICE_ROLE,
  quoteIdentifier,
  serviceGrantStatements,
} from '../database/service-grants';

const USAGE = 'usage: mpi db grants [--role NAME]\n';
const ROLE = /^[a-z_][a-z0-9_$]{0,62}$/;

/**
 * `mpi db grants [--role NAME]`: prints, without touching any database, the SQL that leaves
 * a role with exactly what the service needs (src/database/service-grants.ts), for a database
 * administrator who sets the service's role up by hand rather than giving the service the
 * owner's URL (MPI_DATABASE_OWNER_URL). Run it as the schema's owner after the migrations.
 */
export function dbCommand(what: string | undefined, role = EMBEDDED_SERVICE_ROLE): number {
  if (what !== 'grants' || !ROLE.test(role)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const lines = [
    `-- The MPI service's role ${role}: no superuser, owns nothing, creates nothing, may not`,
    '-- update or delete history (audit_event, person_version, link_event). Create it once:',
    `--   create role ${quoteIdentifier(role)} login password '...';`,
    '-- then run this as the owner of the schema, after the migrations and after each upgrade.',
    'begin;',
    ...serviceGrantStatements(role).map((statement) => `${statement};`),
    'commit;',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
