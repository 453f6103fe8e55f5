import { EMBEDDED_SERVICE_ROLE } from '../database/service-grants';
import { serviceGrantScript } from '../database/service-grants.repository';

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
  const lines = serviceGrantScript(role);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
