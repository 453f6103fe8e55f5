import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { cliPrincipal } from '../../src/cli/cli-context';
import { withScratchDatabase } from '../../src/cli/scratch-database';
import { MllpClient } from '../../src/hl7/mllp-client';
import { MllpListener } from '../../src/hl7/mllp-listener';
import { closeApp, createHttpApp } from '../../src/http-app';
import { RecordImporter } from '../../src/records/record-importer';
import { syntheticFile } from './bench-population';
import { a04 } from './hl7-mllp.bench';
import { countStatements } from '../support/statement-counter';
import { postgresCpuMs } from './process-cpu';
import { Session } from 'node:inspector/promises';

/**
 * Where an HL7 feed message's time goes (docs/performance.md, "HL7 v2 feeds over MLLP"): 1,000
 * people's A04s (about 2,000 messages) over 4 MLLP connections on a store of PROF_PEOPLE
 * generated people (5,000: about 11,000 records), the first 200 to warm up; every statement
 * timed at the pg client, grouped by its text, with the service's and PostgreSQL's CPU per
 * message. PROF_CPU=FILE also writes the sending phase's CPU profile (.cpuprofile). Run after
 * `npm run build:test`:
 *   node -e "require('./dist/test/bench/hl7-profile.js').run()"
 * Not a *.bench file: `npm run bench` leaves it out (the timing hook costs time itself).
 */
type Row = Record<string, string>;

function label(sql: string): string {
  return sql.replace(/\$\d+/g, '$').slice(0, 70);
}

async function send(port: number, messages: string[]): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: 4 }, () => MllpClient.connect('127.0.0.1', port)),
  );
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (c) => {
      while (next < messages.length) await c.send(messages[next++] ?? '');
    }),
  );
  for (const c of clients) c.close();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-prof-hl7-'));
  const people = Number(process.env.PROF_PEOPLE ?? 5000);
  const base = await syntheticFile(path.join(dir, 'base.csv'), people, 21);
  const feed = await syntheticFile(path.join(dir, 'feed.csv'), 1000, 22);
  process.env.MPI_HL7_PORT = '0';
  delete process.env.MPI_HL7_DOMAINS;
  await withScratchDatabase(async () => {
    const app = await createHttpApp();
    try {
      const importer = app.get(RecordImporter);
      const loaded = await importer.importFile(
        base,
        cliPrincipal(),
        { batchSize: 500, concurrency: 2 },
        {
          extraColumns: ['entity_id'],
        },
      );
      console.log(`store: ${loaded.created} records`);
      const rows = parse(fs.readFileSync(feed), { columns: true }) as Row[];
      const messages = rows.map(a04);
      const port = app.get(MllpListener).port() ?? 0;
      await send(port, messages.slice(0, 200));
      const dataDir = process.env.MPI_DATA_DIR
        ? path.join(process.env.MPI_DATA_DIR, 'pg', 'data')
        : '';
      const pg0 = postgresCpuMs(dataDir);
      const session = new Session();
      session.connect();
      if (process.env.PROF_CPU) {
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      const cpu0 = process.cpuUsage();
      const { result: ms, statements } = await countStatements(() =>
        send(port, messages.slice(200)),
      );
      const cpu = process.cpuUsage(cpu0);
      if (process.env.PROF_CPU) {
        const { profile } = await session.post('Profiler.stop');
        fs.writeFileSync(process.env.PROF_CPU, JSON.stringify(profile));
      }
      const pg1 = postgresCpuMs(dataDir);
      const n = messages.length - 200;
      console.log(
        `${n} messages in ${ms.toFixed(0)} ms: ${((n * 1000) / ms).toFixed(0)}/s, ${(ms / n).toFixed(2)} ms each; node CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms/msg; pg CPU ${pg0 !== null && pg1 !== null ? ((pg1 - pg0) / n).toFixed(2) : '?'} ms/msg; ${(statements.length / n).toFixed(2)} statements/msg`,
      );
      const by = new Map<string, { count: number; ms: number }>();
      for (const s of statements) {
        const k = label(s.sql);
        const e = by.get(k) ?? { count: 0, ms: 0 };
        e.count += 1;
        e.ms += s.ms;
        by.set(k, e);
      }
      for (const [k, e] of [...by].sort((a, b) => b[1].ms - a[1].ms))
        console.log(
          `${(e.count / n).toFixed(2)}/msg ${(e.ms / e.count).toFixed(2)} ms mean ${(e.ms / n).toFixed(2)} ms/msg  ${k}`,
        );
    } finally {
      await closeApp(app);
    }
  });
  fs.rmSync(dir, { recursive: true, force: true });
}
