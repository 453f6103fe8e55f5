import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { generateSyntheticPatients } from '../../src/datasets';
import { signDevToken } from '../../src/auth/dev-token-signer';
import { freePort } from '../../src/database/database-server';
import { runCli } from '../support/cli';
import { linkageIntegrity } from '../support/linkage-integrity';
import { TestDatabase, createTestDatabase } from '../support/test-database';
import { testSecrets } from '../support/test-app';

const MAIN = path.resolve(__dirname, '..', '..', 'src', 'main.js');

interface Service {
  process: ChildProcess;
  url: string;
}

async function startService(env: NodeJS.ProcessEnv): Promise<Service> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { process: child, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('service did not start');
}

/** Synthetic people's registrations, as the canonical JSON records. */
function people(count: number, seed: number): Record<string, string>[] {
  return registrations(count, seed).map(({ record }) => record);
}

function registrations(count: number, seed: number) {
  return [...generateSyntheticPatients({ people: count, seed })].map(({ row }) => {
    const { entity_id: entity, ...record } = row as Record<string, string>;
    const values = Object.entries(record).filter(([, v]) => v !== undefined && v !== '');
    return { entity, record: Object.fromEntries(values) };
  });
}

/**
 * One registration of each person: two registrations of one person may be an uncertain pair
 * (a married name, a typo), whose outcome depends on which arrives first.
 */
function onePerPerson(count: number, seed: number): Record<string, string>[] {
  const first = new Map<string | undefined, Record<string, string>>();
  for (const { entity, record } of registrations(count, seed)) {
    if (!first.has(entity)) first.set(entity, record);
  }
  return [...first.values()];
}

async function personsByRecordKey(
  databaseUrl: string,
): Promise<{ records: number; links: number; persons: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const r = await db.query(`select
      (select count(*)::int from source_record) as records,
      (select count(*)::int from record_link) as links,
      (select count(distinct person_id)::int from record_link) as persons`);
  await db.end();
  return r.rows[0];
}

describe('several service instances on one database', () => {
  const databases: TestDatabase[] = [];
  const services: Service[] = [];
  const secrets = testSecrets();

  before(async () => undefined);
  after(async () => {
    for (const s of services) s.process.kill('SIGKILL');
    for (const d of databases) await d.drop();
  });

  it('two processes ingesting the same people at once give the same persons as one fed serially', async () => {
    // Every person's registrations agree with each other (certain in any order), so any serial
    // feed gives one person each; a race between the instances would show as a second person.
    const records = onePerPerson(60, 42).flatMap((p, i) =>
      ['hospital', 'clinic', 'lab', 'payer'].map((source) => ({
        ...p,
        source,
        source_id: `${source}-${i}`,
      })),
    );
    records.sort((x, y) => (x.source_id ?? '').localeCompare(y.source_id ?? ''));
    const serialDb = await createTestDatabase('serial');
    const parallelDb = await createTestDatabase('parallel');
    databases.push(serialDb, parallelDb);
    const base = {
      ...process.env,
      ...secrets,
      MPI_DEV_TOKENS: 'true',
      MPI_DATA_DIR: fs.mkdtempSync('/tmp/mpi-conc-'),
    };
    const token = await signDevToken(Buffer.from(secrets.MPI_JWT_SECRET, 'base64'), 'ingest', 600);
    const post = (url: string, batch: Record<string, string>[]) =>
      fetch(`${url}/api/records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ records: batch }),
      }).then((r) => assert.equal(r.status, 200));

    const serial = await startService({ ...base, ...serialDb.env });
    services.push(serial);
    for (let i = 0; i < records.length; i += 10) await post(serial.url, records.slice(i, i + 10));

    const a = await startService({ ...base, ...parallelDb.env });
    const b = await startService({ ...base, ...parallelDb.env });
    services.push(a, b);
    // Interleave: even batches to one instance, odd to the other, all in flight together.
    const batches = [];
    for (let i = 0; i < records.length; i += 5) batches.push(records.slice(i, i + 5));
    await Promise.all(batches.map((batch, i) => post(i % 2 === 0 ? a.url : b.url, batch)));

    const one = await personsByRecordKey(serialDb.url);
    const two = await personsByRecordKey(parallelDb.url);
    assert.equal(two.records, one.records);
    assert.equal(two.links, two.records, 'every record linked exactly once');
    assert.equal(two.persons, one.persons, 'no person duplicated by the race');
    const integrity = await linkageIntegrity(parallelDb.url);
    assert.equal(integrity.stale, 0, 'a golden record was computed from stale links');
  });

  it('a crash in the middle of an import (kill -9) loses no committed record and leaves none half-linked', async () => {
    const db = await createTestDatabase('crash');
    databases.push(db);
    const dir = fs.mkdtempSync('/tmp/mpi-crash-');
    const file = path.join(dir, 'people.csv');
    const rows = people(4000, 7);
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const quote = (v: string | undefined) =>
      v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    fs.writeFileSync(
      file,
      [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c])).join(','))].join(
        '\n',
      ) + '\n',
    );
    const env = {
      ...process.env,
      ...secrets,
      ...db.env,
      MPI_DATA_DIR: dir,
      MPI_IMPORT_BATCH: '200',
    };
    const child = spawn(
      process.execPath,
      [path.resolve(__dirname, '..', '..', '..', 'bin', 'mpi.js'), 'import', file],
      { env, stdio: 'ignore' },
    );
    // Kill it once some batches have committed.
    const client = new Client({ connectionString: db.url });
    await client.connect();
    for (let i = 0; i < 600; i++) {
      const n = await client.query(`select count(*)::int as n from source_record`).then(
        (r) => r.rows[0].n as number,
        () => 0,
      );
      if (n >= 400) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const mid = await client.query(`select
        (select count(*)::int from source_record) as records,
        (select count(*)::int from record_link) as links,
        (select count(*)::int from source_record r where not exists (select 1 from record_link l where l.record_id = r.id)) as unlinked,
        (select count(*)::int from person p where p.status = 'active' and p.golden = '{}'::jsonb) as empty_golden`);
    await client.end();
    assert.ok(
      mid.rows[0].records > 0 && mid.rows[0].records < rows.length,
      'the import was cut in the middle',
    );
    assert.equal(mid.rows[0].unlinked, 0, 'no record is left without its person');
    assert.equal(mid.rows[0].links, mid.rows[0].records);
    assert.equal(mid.rows[0].empty_golden, 0);
    // Running the import again completes it; what was committed is unchanged.
    const rerun = await runCli(['import', file], env);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stdout, new RegExp(`unchanged: ${mid.rows[0].records}\\b`));
    const end = await personsByRecordKey(db.url);
    assert.equal(end.records, new Set(rows.map((r) => `${r.source}|${r.source_id}`)).size);
    assert.equal(end.links, end.records);
  });
});
