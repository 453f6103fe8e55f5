import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  /** The owner's connection (the test server's superuser): for tests that inspect or tamper. */
  url: string;
  /** The service's own role on it, which owns nothing (granted at the service's first start). */
  serviceUrl: string;
  /** What a service on this database is given, as a deployment gives it. */
  env: { DATABASE_URL: string; MPI_DATABASE_OWNER_URL: string };
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.MPI_TEST_SERVER_URL ?? process.env.DATABASE_URL;
  if (!url)
    throw new Error('run the tests through `npm test` (test/run-tests.js starts the database)');
  return url;
}

async function asServer(statements: string[]): Promise<void> {
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh, empty database on the test server, and a login role of its own for the service:
 * suites never see each other's data, and run the service as production does, on a role that
 * owns nothing (src/database/service-grants.ts).
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `mpi_t_${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const role = `${name}_svc`;
  const password = randomBytes(16).toString('hex');
  await asServer([
    `create database ${name}`,
    `create role ${role} login nosuperuser nocreatedb nocreaterole password '${password}'`,
  ]);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const service = new URL(url);
  service.username = role;
  service.password = password;
  return {
    url: url.toString(),
    serviceUrl: service.toString(),
    env: { DATABASE_URL: service.toString(), MPI_DATABASE_OWNER_URL: url.toString() },
    drop: () =>
      asServer([`drop database if exists ${name} with (force)`, `drop role if exists ${role}`]),
  };
}
