import * as fs from 'node:fs';
import * as path from 'node:path';
import { onServer } from './database-admin';
import { EmbeddedAccess, newPassword, urlFor, writePrivateFile } from './embedded-access';
import { EMBEDDED_SERVICE_ROLE } from './service-grants';

/**
 * The embedded server's service role: the superuser (`mpi`, the cluster's bootstrap role) owns
 * the schema and runs the migrations; the service's pool connects as `mpi_app`, a login role
 * with no attribute beyond LOGIN and only the grants of service-grants.ts. Its generated
 * password is kept beside the superuser's, in `<dir>/service-password` (mode 0600).
 */
export function servicePasswordFile(dir: string): string {
  return path.join(dir, 'service-password');
}

function storedServicePassword(dir: string): string | null {
  const file = servicePasswordFile(dir);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null;
}

/**
 * Creates the service role if it is missing and (re)sets its attributes and password, as the
 * superuser; idempotent, run at every start of the server. Returns the service role's URL.
 */
export async function ensureServiceRole(
  dir: string,
  access: EmbeddedAccess,
  port: number,
  owner: string,
  database: string,
): Promise<string> {
  const password = storedServicePassword(dir) ?? newPassword();
  await onServer(urlFor(access, port, 'postgres', owner), async (admin) => {
    if (!(await admin.roleExists(EMBEDDED_SERVICE_ROLE)))
      await admin.createRole(EMBEDDED_SERVICE_ROLE);
    await admin.restrictToLogin(EMBEDDED_SERVICE_ROLE, password);
  });
  if (storedServicePassword(dir) !== password) writePrivateFile(servicePasswordFile(dir), password);
  return urlFor({ ...access, password }, port, database, EMBEDDED_SERVICE_ROLE);
}

/** The service role's URL of a server started by another process, if it set the role up. */
export function serviceUrlOf(
  dir: string,
  access: EmbeddedAccess,
  port: number,
  database: string,
): string | null {
  const password = storedServicePassword(dir);
  return password === null
    ? null
    : urlFor({ ...access, password }, port, database, EMBEDDED_SERVICE_ROLE);
}
