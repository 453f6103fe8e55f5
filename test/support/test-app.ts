import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { signDevToken } from '../../src/auth/dev-token-signer';
import { Role } from '../../src/auth/permissions';
import { closeApp, createHttpApp } from '../../src/http-app';
import { TestDatabase, createTestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  /** The owner's connection to the suite's database (the service runs as a role of its own). */
  databaseUrl: string;
  dataDir: string;
  /** The environment the app runs with, for spawning the CLI against the same database. */
  env: NodeJS.ProcessEnv;
  token(role: Role): Promise<string>;
  close(): Promise<void>;
}

/** Test keys: generated per suite, passed the way production passes them (environment). */
export function testSecrets(): { MPI_TOKEN_KEYS: string; MPI_JWT_SECRET: string } {
  return {
    MPI_TOKEN_KEYS: `test1:${randomBytes(32).toString('base64')}`,
    MPI_JWT_SECRET: randomBytes(32).toString('base64'),
  };
}

/** The real HTTP application on its own database and a free port. */
export async function startTestApp(
  label: string,
  extraEnv: Record<string, string> = {},
): Promise<TestApp> {
  const database: TestDatabase = await createTestDatabase(label);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-test-data-'));
  const secrets = testSecrets();
  const env: Record<string, string> = {
    ...database.env,
    MPI_DATA_DIR: dataDir,
    ...secrets,
    // Suites sign their callers' tokens with the development signer, which a deployment on
    // DATABASE_URL must opt into; a suite with an issuer keeps that default, to test it.
    ...(extraEnv.MPI_OIDC_ISSUER === undefined ? { MPI_DEV_TOKENS: 'true' } : {}),
    ...extraEnv,
  };
  Object.assign(process.env, env);
  const app = await createHttpApp();
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const jwtSecret = Buffer.from(secrets.MPI_JWT_SECRET, 'base64');
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl: database.url,
    dataDir,
    env: { ...process.env, ...env },
    token: (role) => signDevToken(jwtSecret, role, 3600),
    close: async () => {
      await closeApp(app);
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
