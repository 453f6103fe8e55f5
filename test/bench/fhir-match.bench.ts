import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import { signDevToken } from '../../src/auth/dev-token-signer';
import { cliPrincipal, withAppContext } from '../../src/cli/cli-context';
import { withScratchDatabase } from '../../src/cli/scratch-database';
import { freePort } from '../../src/database/database-server';
import { RecordImporter } from '../../src/records/record-importer';
import { benchNames, syntheticFile } from './bench-population';
import { OpenLoopResult, openLoopLoad } from './open-loop-load';

/**
 * Patient/$match latency under load. A synthetic population is imported with live matching
 * (100,000 records; 1,000,000 with MPI_BENCH_LARGE=1, which takes a while), the service is
 * started as a child process (`node dist/src/main.js`, rate limiting off) and this process
 * loads it: 200 requests/s at evenly spaced instants (open loop, latency counted from when
 * each request was due: see open-loop-load.ts) to read the latency at the target load, then
 * autocannon as fast as 16 connections go to read the throughput. Queries are demographic Patients
 * (name, birth date, sex, and phone or postal code when the record has one) taken from
 * registrations of the same population, so most find their person.
 * Targets (issue 5): p50 <= 10 ms, p99 <= 50 ms, >= 200 requests/s on 2 cores.
 */
interface AutocannonResult {
  latency: { p50: number; p99: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  setupRequest: (request: Record<string, unknown>) => Record<string, unknown>;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

const autocannon = createRequire(__filename)('autocannon') as Autocannon;
const ROOT = path.resolve(__dirname, '..', '..', '..');
/** About 2.2 registrations per person in the generator's default mix. */
const RECORDS_PER_PERSON = 2.2;

/** $match bodies from the first rows that carry name, birth date and sex. */
function queryBodies(file: string, count: number): string[] {
  const head = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(0, count * 3)
    .join('\n');
  const rows = parse(head, {
    columns: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  return rows
    .filter(
      (r) =>
        r.given_name && r.family_name && /^\d{4}-\d{2}-\d{2}$/.test(r.birth_date ?? '') && r.sex,
    )
    .slice(0, count)
    .map((r) =>
      JSON.stringify({
        resourceType: 'Parameters',
        parameter: [
          {
            name: 'resource',
            resource: {
              resourceType: 'Patient',
              name: [{ family: r.family_name, given: [r.given_name] }],
              birthDate: r.birth_date,
              gender: r.sex,
              ...(r.phone ? { telecom: [{ system: 'phone', value: r.phone }] } : {}),
              ...(r.postal_code ? { address: [{ postalCode: r.postal_code }] } : {}),
            },
          },
          { name: 'count', valueInteger: 5 },
        ],
      }),
    );
}

async function startService(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MPI_RATE_LIMIT: '0',
      MPI_DEV_TOKENS: 'true',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGTERM');
  throw new Error('the service did not start within 60 s');
}

/** As fast as 16 connections go: the throughput. */
async function fullSpeed(port: number, token: string, bodies: string[]): Promise<AutocannonResult> {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 16,
    duration: 20,
    requests: [
      {
        method: 'POST',
        path: '/fhir/Patient/$match',
        headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${token}` },
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
}

function paced(
  port: number,
  token: string,
  bodies: string[],
  rate: number,
  durationSeconds: number,
): Promise<OpenLoopResult> {
  return openLoopLoad({
    origin: `http://127.0.0.1:${port}`,
    path: '/fhir/Patient/$match',
    rate,
    durationSeconds,
    headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${token}` },
    body: (i) => bodies[i % bodies.length] ?? '',
  });
}

function reportPaced(label: string, r: OpenLoopResult): void {
  const ms = (v: number) => v.toFixed(1).padStart(6);
  console.log(
    `${label.padEnd(34)} p50 ${ms(r.p50)} ms  p90 ${ms(r.p90)} ms  p99 ${ms(r.p99)} ms  max ${ms(r.max)} ms  ` +
      `${r.throughput.toFixed(0).padStart(5)} req/s  (${r.sent} sent, ${r.failed} failed)`,
  );
}

function report(label: string, r: AutocannonResult): void {
  console.log(
    `${label.padEnd(34)} p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(4)} ms  ` +
      `${r.requests.average.toFixed(0).padStart(5)} req/s  (${r.requests.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)`,
  );
}

async function benchStore(dir: string, records: number): Promise<void> {
  const people = Math.round(records / RECORDS_PER_PERSON);
  const file = await syntheticFile(path.join(dir, `population-${records}.csv`), people, 21);
  const bodies = queryBodies(file, 2000);
  await withScratchDatabase(async () => {
    const started = Date.now();
    const imported = await withAppContext((app) =>
      app
        .get(RecordImporter)
        .importFile(
          file,
          cliPrincipal(),
          { batchSize: 500, concurrency: 2 },
          { extraColumns: ['entity_id'] },
        ),
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `store: ${(imported.created + imported.updated).toLocaleString('en')} records (names: ${benchNames()}) imported with matching in ${seconds.toFixed(0)} s`,
    );
    // A store just loaded has stale planner statistics; a production one has been analyzed.
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await db.query('vacuum analyze');
    await db.end();
    const port = await freePort();
    const child = await startService(port);
    try {
      const token = await signDevToken(
        Buffer.from(process.env.MPI_JWT_SECRET ?? '', 'base64'),
        'match',
        3600,
      );
      // Warm-up: JIT, connection pool, prepared statements, caches.
      await paced(port, token, bodies.slice(0, 500), 100, 10);
      reportPaced(
        `$match at 200 req/s (${records.toLocaleString('en')})`,
        await paced(port, token, bodies, 200, 30),
      );
      report(
        `$match at full speed (${records.toLocaleString('en')})`,
        await fullSpeed(port, token, bodies),
      );
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
}

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-bench-match-'));
  try {
    await benchStore(dir, 100_000);
    if (process.env.MPI_BENCH_LARGE === '1') await benchStore(dir, 1_000_000);
    else console.log('(set MPI_BENCH_LARGE=1 for the 1,000,000-record store)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
