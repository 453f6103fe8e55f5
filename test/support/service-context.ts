import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { permissionsOf } from '../../src/auth/permissions';
import { Principal } from '../../src/auth/principal';
import { DATABASE_SERVER } from '../../src/database/database.module';
import { DatabaseServer } from '../../src/database/database-server';
import { CanonicalRecord } from '../../src/matching/record-types';
import { IngestService } from '../../src/records/ingest.service';
import { testSecrets } from './test-app';
import { TestDatabase, createTestDatabase } from './test-database';

/**
 * The middle test tier: the application's services, without HTTP, on a fresh database of the
 * real test PostgreSQL (migrations run at boot). Tests call services and read tables.
 */
export interface Services {
  app: INestApplicationContext;
  dataSource: DataSource;
  get<T>(type: new (...args: never[]) => T): T;
  /** Rows of a query: for assertions on what the services wrote. */
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Stops the services and starts them again on the same database and data folder, with
   * `env` changed (as an operator restarts an instance with new settings).
   */
  restart(env: Record<string, string>): Promise<Services>;
  close(): Promise<void>;
}

export async function startServices(
  label: string,
  env: Record<string, string> = {},
): Promise<Services> {
  const database = await createTestDatabase(label);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-service-test-'));
  // As a deployment runs it: the service as a role that owns nothing, migrations by the owner.
  return boot(database, dataDir, { ...testSecrets(), ...env });
}

async function boot(
  database: TestDatabase,
  dataDir: string,
  env: Record<string, string>,
): Promise<Services> {
  Object.assign(process.env, { ...database.env, MPI_DATA_DIR: dataDir, ...env });
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  const dataSource = app.get(DataSource);
  const stop = async (): Promise<void> => {
    const server = app.get<DatabaseServer>(DATABASE_SERVER);
    await app.close();
    await server.release();
  };
  return {
    app,
    dataSource,
    get: (type) => app.get(type),
    rows: (sql, params = []) => dataSource.query(sql, params),
    restart: async (changed) => {
      await stop();
      return boot(database, dataDir, { ...env, ...changed });
    },
    close: async () => {
      await stop();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function actor(subject: string, role: 'admin' | 'steward' = 'admin'): Principal {
  return { subject, client: 'service-test', roles: [role], permissions: permissionsOf([role]) };
}

/** One man with a rare name and every demographic field: two of his registrations link. */
export const SAMPLE_MAN: CanonicalRecord = {
  given_name: 'Bartholomew',
  family_name: 'Featherstonehaugh',
  birth_date: '1958-11-23',
  sex: 'male',
  ssn: '231-45-6781',
  address_line: '7 Orchard Row',
  postal_code: '01003',
};

export interface Seeded {
  recordId: string;
  personId: string;
  link: string | undefined;
  reviews: number;
}

/**
 * Twelve random letters: two seeded people never share a prefix (`Person4f2a1c` and
 * `Person4f9b0e` were one name mistyped to the family-name comparison, and two seeds linked).
 */
function unrelatedFamilyName(): string {
  const letters = [...randomBytes(12)].map((b) => String.fromCharCode(97 + (b % 26)));
  return letters.join('').replace(/^./, (c) => c.toUpperCase());
}

/**
 * Ingests one record through the real ingest path; `fields` override a generated person whose
 * source id is unique, so each call is a new registration unless it says otherwise.
 */
export async function newRecord(s: Services, fields: CanonicalRecord = {}): Promise<Seeded> {
  const record: CanonicalRecord = {
    source: 'seed',
    source_id: `S-${randomBytes(6).toString('hex')}`,
    given_name: 'Seed',
    family_name: unrelatedFamilyName(),
    birth_date: '1980-01-01',
    sex: 'female',
    ...fields,
  };
  const { outcomes } = await s.get(IngestService).ingest([record], actor('seed'));
  const outcome = outcomes[0];
  if (!outcome?.recordId || !outcome.personId)
    throw new Error(`seed record not stored: ${JSON.stringify(outcome?.errors ?? outcome)}`);
  return {
    recordId: outcome.recordId,
    personId: outcome.personId,
    link: outcome.link,
    reviews: outcome.reviews ?? 0,
  };
}

/** A person of its own: one new record that matches nobody (a unique family name). */
export async function newPerson(s: Services, fields: CanonicalRecord = {}): Promise<Seeded> {
  const seeded = await newRecord(s, fields);
  if (seeded.link !== 'own-person') throw new Error(`seed person joined another (${seeded.link})`);
  return seeded;
}
