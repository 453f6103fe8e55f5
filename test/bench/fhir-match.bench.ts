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
import { matchInput } from '../../src/fhir/match-input';
import { parseMatchRequest } from '../../src/fhir/match-request';
import { BulkImporter } from '../../src/records/bulk/bulk-importer';
import { MatchQueryService } from '../../src/retrieval/match-query.service';
import { benchNames, syntheticFile } from './bench-population';
import { printBesideFloor } from './floor-report';
import { OpenLoopResult, openLoopLoad } from './open-loop-load';
import { postgresCpuMs, processCpuMs } from './process-cpu';

/**
 * Patient/$match under load, beside this machine's floor measured in the same run. A synthetic
 * population is loaded by the bulk path (100,000 records; 1,000,000 more with
 * MPI_BENCH_LARGE=1; 10,000,000 with MPI_BENCH_HUGE=1, see hugeSizes; with two sizes or more,
 * the figures are projected to 10,000,000), the service is started
 * as a child process (`node dist/src/main.js`, rate limiting off) and so is the floor
 * (match-floor-server.ts: a bare Node http server running the service's one prepared $match
 * statement on the same store and answering a body of the service's size). This process loads
 * each in turn with the same generators: 200 requests/s at evenly spaced instants (open loop,
 * latency counted from when each request was due: see open-loop-load.ts), then autocannon as
 * fast as 16 connections go. Besides latency and rate, the CPU each request cost the server
 * process and PostgreSQL (embedded server only), which the neighbours' load hardly moves.
 * Queries are demographic Patients (name, birth date, sex, and phone or postal code when the
 * record has one) taken from registrations of the same population, so most find their person.
 * Targets (issue 17): p50 <= 2 ms, p99 <= 10 ms at 200 requests/s, >= 1,000 requests/s.
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
const MATCH_PATH = '/fhir/Patient/$match';

/** A server under test: where it listens and its process. */
interface Target {
  name: string;
  port: number;
  child: ChildProcess;
}

/** What one load phase measured on one target. */
interface Phase {
  p50: number;
  p99: number;
  perSecond: number;
  /** Server process and PostgreSQL CPU per answered request, when readable. */
  serverCpuMs: number | null;
  postgresCpuMs: number | null;
  failed: number;
}

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

/** The blocking keys of each body, as the service computes them: the floor server's input. */
async function keysOfBodies(
  bodies: string[],
): Promise<{ keys: [string, string[]][]; cap: number }> {
  return withAppContext(async (app) => {
    const query = app.get(MatchQueryService);
    let cap = 0;
    const keys = bodies.map((body): [string, string[]] => {
      const request = parseMatchRequest(JSON.parse(body));
      const lookup = query.lookupOf(query.featuresOf(matchInput(request.patient).record));
      cap = lookup.capPerKey;
      return [body, lookup.keys];
    });
    return { keys, cap };
  });
}

async function start(name: string, script: string, env: Record<string, string>): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { name, port, child };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGTERM');
  throw new Error(`${name} did not start within 120 s`);
}

async function stop(target: Target): Promise<void> {
  target.child.kill('SIGTERM');
  await once(target.child, 'exit');
}

/** Runs one load and reads the CPU the target and PostgreSQL spent on it. */
async function measured(
  target: Target,
  load: () => Promise<{ p50: number; p99: number; perSecond: number; ok: number; failed: number }>,
): Promise<Phase> {
  const pgDir = path.join(process.env.MPI_DATA_DIR ?? '', 'pg', 'data');
  const cpu = () => ({ server: processCpuMs(target.child.pid ?? 0), pg: postgresCpuMs(pgDir) });
  const before = cpu();
  const result = await load();
  const after = cpu();
  const per = (a: number | null, b: number | null) =>
    a === null || b === null || result.ok === 0 ? null : (b - a) / result.ok;
  return {
    ...result,
    serverCpuMs: per(before.server, after.server),
    postgresCpuMs: per(before.pg, after.pg),
  };
}

function paced(target: Target, token: string, bodies: string[], rate: number, seconds: number) {
  return measured(target, async () => {
    const r: OpenLoopResult = await openLoopLoad({
      origin: `http://127.0.0.1:${target.port}`,
      path: MATCH_PATH,
      rate,
      durationSeconds: seconds,
      headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${token}` },
      body: (i) => bodies[i % bodies.length] ?? '',
    });
    return { p50: r.p50, p99: r.p99, perSecond: r.throughput, ok: r.ok, failed: r.failed };
  });
}

/** As fast as 16 connections go: the throughput. */
function fullSpeed(target: Target, token: string, bodies: string[]) {
  let next = 0;
  return measured(target, async () => {
    const r = await autocannon({
      url: `http://127.0.0.1:${target.port}`,
      connections: 16,
      duration: 20,
      requests: [
        {
          method: 'POST',
          path: MATCH_PATH,
          headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${token}` },
          setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        },
      ],
    });
    const failed = r.non2xx + r.errors + r.timeouts;
    const ok = r.requests.total - failed;
    return { p50: r.latency.p50, p99: r.latency.p99, perSecond: r.requests.average, ok, failed };
  });
}

/** Mean size of the service's answers to the first bodies: the floor answers as much. */
async function answerBytes(target: Target, token: string, bodies: string[]): Promise<number> {
  let total = 0;
  const sample = bodies.slice(0, 100);
  for (const body of sample) {
    const response = await fetch(`http://127.0.0.1:${target.port}${MATCH_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${token}` },
      body,
    });
    total += (await response.arrayBuffer()).byteLength;
  }
  return Math.round(total / sample.length);
}

const ms = (value: number) => ({ value, unit: 'ms' });

function reportPair(label: string, service: Phase, floor: Phase, latency: boolean): void {
  if (service.failed + floor.failed > 0)
    console.log(`  (failed: service ${service.failed}, floor ${floor.failed})`);
  if (latency) {
    printBesideFloor(`${label} p50`, ms(service.p50), ms(floor.p50));
    printBesideFloor(`${label} p99`, ms(service.p99), ms(floor.p99));
  }
  // Paced, a server that keeps up serves the rate asked; one that falls behind serves less.
  printBesideFloor(
    `${label} served`,
    { value: service.perSecond, unit: 'req/s' },
    { value: floor.perSecond, unit: 'req/s' },
  );
  if (service.serverCpuMs !== null && floor.serverCpuMs !== null)
    printBesideFloor(`${label} Node CPU a request`, ms(service.serverCpuMs), ms(floor.serverCpuMs));
  if (service.postgresCpuMs !== null && floor.postgresCpuMs !== null)
    printBesideFloor(
      `${label} PostgreSQL CPU a request`,
      ms(service.postgresCpuMs),
      ms(floor.postgresCpuMs),
    );
}

/** Figures of one store size, for the report and the projection. */
interface SizeFigures {
  records: number;
  p50: number;
  p99: number;
  perSecond: number;
}

async function benchStore(dir: string, records: number): Promise<SizeFigures> {
  const people = Math.round(records / RECORDS_PER_PERSON);
  const file = await syntheticFile(path.join(dir, `population-${records}.csv`), people, 21);
  const bodies = queryBodies(file, 2000);
  return withScratchDatabase(async () => {
    const started = Date.now();
    const imported = await withAppContext((app) =>
      app.get(BulkImporter).importFile(file, cliPrincipal(), { extraColumns: ['entity_id'] }),
    );
    const stored = imported.created + imported.updated;
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `store: ${stored.toLocaleString('en')} records (names: ${benchNames()}) loaded by the bulk path (mpi import --bulk: the live linker's decisions) in ${seconds.toFixed(0)} s`,
    );
    fs.rmSync(file, { force: true });
    // A store just loaded has stale planner statistics; a production one has been analyzed.
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await db.query('vacuum analyze');
    await db.end();
    const { keys, cap } = await keysOfBodies(bodies);
    const keysFile = path.join(dir, 'floor-keys.json');
    fs.writeFileSync(keysFile, JSON.stringify(keys));
    const service = await start('the service', path.join(ROOT, 'dist', 'src', 'main.js'), {
      MPI_RATE_LIMIT: '0',
      MPI_DEV_TOKENS: 'true',
    });
    try {
      const token = await signDevToken(
        Buffer.from(process.env.MPI_JWT_SECRET ?? '', 'base64'),
        'match',
        3600,
      );
      const bytes = await answerBytes(service, token, bodies);
      const floor = await start('the floor', path.join(__dirname, 'match-floor-server.js'), {
        MPI_FLOOR_KEYS: keysFile,
        MPI_FLOOR_BODY_BYTES: String(bytes),
        MPI_FLOOR_CAP: String(cap),
      });
      try {
        // Warm-up: JIT, connection pools, prepared statements, caches.
        for (const t of [service, floor]) await paced(t, token, bodies.slice(0, 500), 100, 10);
        const size = records.toLocaleString('en');
        console.log(`answers: ${bytes.toLocaleString('en')} bytes on average`);
        const servicePaced = await paced(service, token, bodies, 200, 30);
        const floorPaced = await paced(floor, token, bodies, 200, 30);
        reportPair(`$match at 200 req/s (${size})`, servicePaced, floorPaced, true);
        const serviceFull = await fullSpeed(service, token, bodies);
        const floorFull = await fullSpeed(floor, token, bodies);
        reportPair(`$match at full speed (${size})`, serviceFull, floorFull, false);
        return {
          records: stored,
          p50: servicePaced.p50,
          p99: servicePaced.p99,
          perSecond: serviceFull.perSecond,
        };
      } finally {
        await stop(floor);
      }
    } finally {
      await stop(service);
    }
  });
}

/**
 * MPI_BENCH_HUGE=1: the sizes to measure on the way to 10,000,000 records, each as large as the
 * free disk allows (measured bytes a record times 1.5 for indexes being built and WAL).
 */
function hugeSizes(dir: string): number[] {
  const free = fs.statfsSync(dir);
  const bytesFree = free.bavail * free.bsize;
  const fits = Math.floor(bytesFree / (BYTES_PER_RECORD * 1.5));
  const sizes = [1_000_000, 10_000_000].map((n) => Math.min(n, fits));
  if (fits < 10_000_000)
    console.log(
      `10,000,000 records need about ${((10_000_000 * BYTES_PER_RECORD * 1.5) / 2 ** 30).toFixed(0)} GB free; ${(bytesFree / 2 ** 30).toFixed(0)} GB are: measuring ${fits.toLocaleString('en')} and projecting`,
    );
  return [...new Set(sizes)];
}

/** The store's size on disk a record (6.5 kB at 1,000,000, issue 17). */
const BYTES_PER_RECORD = 6_500;

/**
 * Latency and rate at 10,000,000 from the sizes measured: each figure taken as linear in the
 * logarithm of the store's size (a block grows with the store, an index lookup with its log),
 * through the two largest sizes measured.
 */
function project(figures: SizeFigures[], target: number): void {
  const [a, b] = figures.slice(-2);
  if (!a || !b || b.records >= target || a.records === b.records) return;
  const at = (fa: number, fb: number) =>
    fb + ((fb - fa) * Math.log(target / b.records)) / Math.log(b.records / a.records);
  console.log(
    `projected at ${target.toLocaleString('en')} records from ${a.records.toLocaleString('en')} and ${b.records.toLocaleString('en')}: ` +
      `p50 ${at(a.p50, b.p50).toFixed(1)} ms, p99 ${at(a.p99, b.p99).toFixed(1)} ms at 200 req/s, ${at(a.perSecond, b.perSecond).toFixed(0)} req/s at full speed`,
  );
}

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-bench-match-'));
  try {
    const sizes = [100_000];
    if (process.env.MPI_BENCH_HUGE === '1') sizes.push(...hugeSizes(dir));
    else if (process.env.MPI_BENCH_LARGE === '1') sizes.push(1_000_000);
    else console.log('(MPI_BENCH_LARGE=1 for 1,000,000 records, MPI_BENCH_HUGE=1 for 10,000,000)');
    const figures: SizeFigures[] = [];
    for (const records of sizes) figures.push(await benchStore(dir, records));
    if (figures.length > 1) project(figures, 10_000_000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
