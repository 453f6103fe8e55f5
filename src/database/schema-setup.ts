import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { NO_SESSION_LIMITS, dataSourceOptions } from './data-source-options';
import { bulkLoadIndexes } from './bulk-load-indexes';
import { DatabaseServer } from './database-server';
import {
  ServiceRole,
  currentRole,
  describeCurrentRole,
  grantServiceRole,
} from './service-grants.repository';

/**
 * Before the service's pool opens: the pending migrations run as the schema's owner, then the
 * service's role (when it is another one) is granted exactly what service-grants.ts lists,
 * and the indexes a bulk load dropped and did not live to build again are built.
 * `ownerConfigured`: the deployment named its owner (MPI_DATABASE_OWNER_URL), so a service that
 * owns the schema does so on purpose (a throw-away `mpi eval` store); otherwise a service that
 * owns the schema, or is a superuser, is warned once at boot.
 */
export async function prepareSchema(
  server: DatabaseServer,
  ownerConfigured: boolean,
): Promise<void> {
  const owner = new DataSource(dataSourceOptions(server.ownerUrl, NO_SESSION_LIMITS, true));
  await owner.initialize();
  try {
    const service = await serviceRoleOf(server.url);
    const separate = service.name !== (await currentRole(owner.manager));
    if (separate) await owner.transaction((manager) => grantServiceRole(manager, service.name));
    // A bulk load that died after dropping its indexes left them missing: built here.
    const built = await bulkLoadIndexes.restore(owner);
    if (built > 0)
      new Logger('database').log(
        `${built} indexes an unfinished bulk load had dropped were rebuilt`,
      );
    // Running as the owner is a choice when the deployment named the owner as the service.
    if (separate || !ownerConfigured) warnIfPrivileged(service);
  } finally {
    await owner.destroy();
  }
}

/** The service's role as the server sees it (a URL may leave the user to the environment). */
export async function serviceRoleOf(url: string): Promise<ServiceRole> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const role = await describeCurrentRole(client);
    if (!role) throw new Error('the database names no role for the service`s connection');
    return role;
  } finally {
    await client.end();
  }
}

function warnIfPrivileged(service: ServiceRole): void {
  const logger = new Logger('database');
  if (service.superuser) {
    logger.warn(
      'the service connects to PostgreSQL as a superuser: it could switch off the audit triggers and run programs on the database host; give DATABASE_URL a role of its own (README: Database roles)',
    );
  } else if (service.owner) {
    logger.warn(
      'the service`s database role owns the schema: it could switch off the audit triggers; set MPI_DATABASE_OWNER_URL and give DATABASE_URL a role of its own (README: Database roles)',
    );
  }
}
