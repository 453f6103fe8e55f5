import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { cliPrincipal } from '../../src/cli/cli-context';
import { withScratchDatabase } from '../../src/cli/scratch-database';
import { MllpClient } from '../../src/hl7/mllp-client';
import { MllpListener } from '../../src/hl7/mllp-listener';
import { components, segment, text } from '../../src/hl7/hl7-writer';
import { closeApp, createHttpApp } from '../../src/http-app';
import { RecordImporter } from '../../src/records/record-importer';
import { benchNames, syntheticFile } from './bench-population';
import { printBesideFloor } from './floor-report';

/**
 * HL7 v2 feed throughput through MLLP with live matching: ADT^A04 messages made from synthetic
 * registrations, sent over 4 connections (one message at a time on each, as original mode
 * requires) to the service's own listener, on top of a store of about 100,000 records (about
 * 1,000,000 with MPI_BENCH_LARGE=1). Beside it, as its floor: the CLI import's rate on the same
 * store, measured in the same run (the feed should be no slower per record); the goal is 1,000
 * messages/s with 4 connections. Latency is from a message's send to its ACK (after the commit).
 */
const CONNECTIONS = 4;
const GOAL_PER_SECOND = 1000;

type Row = Record<string, string>;

export function a04(row: Row, n: number): string {
  const dob = (row.birth_date ?? '').replace(/-/g, '');
  const sex = { male: 'M', female: 'F', other: 'O', unknown: 'U' }[row.sex ?? ''] ?? '';
  return (
    [
      segment('MSH', [
        text('REG'),
        text(row.source),
        text('MPI'),
        text('MPI'),
        text('20261206120000'),
        text(''),
        components(text('ADT'), text('A04'), text('ADT_A01')),
        text(`BENCH-${n}`),
        text('P'),
        text('2.3.1'),
      ]),
      segment('EVN', [text('A04')]),
      segment('PID', [
        text('1'),
        text(''),
        components(text(row.source_id), text(''), text(''), text(row.source), text('MR')),
        text(''),
        components(
          text(row.family_name),
          text(row.given_name),
          text(row.middle_name),
          text(row.suffix),
        ),
        text(''),
        text(dob),
        text(sex),
        text(''),
        text(''),
        components(
          text(row.address_line),
          text(''),
          text(row.city),
          text(row.state),
          text(row.postal_code),
        ),
        text(''),
        text(row.phone),
        ...Array.from({ length: 5 }, () => text('')),
        text(row.ssn),
      ]),
      segment('PV1', [text(''), text('O')]),
    ].join('\r') + '\r'
  );
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function sendAll(
  port: number,
  messages: string[],
): Promise<{ perSecond: number; mean: number; p50: number; p99: number; accepted: number }> {
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, () => MllpClient.connect('127.0.0.1', port)),
  );
  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (client) => {
      while (next < messages.length) {
        const message = messages[next++] ?? '';
        const sent = process.hrtime.bigint();
        const ack = await client.send(message);
        latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
        if (ack.includes('\rMSA|AA|')) accepted += 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (const c of clients) c.close();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: messages.length / seconds,
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    accepted,
  };
}

function report(
  result: { perSecond: number; mean: number; p50: number; p99: number; accepted: number },
  sent: number,
  importRate: number,
): void {
  const rate = result.perSecond;
  console.log(
    `MLLP ADT^A04, ${CONNECTIONS} connections:  ${rate.toFixed(0)} messages/s (${result.accepted}/${sent} AA), ACK latency p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
  );
  // The floor: the CLI import of the same kind of records into the same store, per record.
  printBesideFloor(
    `MLLP ADT^A04, ${CONNECTIONS} connections (target: ratio >= 1)`,
    { value: rate, unit: 'messages/s' },
    { value: importRate, unit: 'records/s' },
  );
  console.log(
    `  goal: the issue's ${GOAL_PER_SECOND} messages/s with ${CONNECTIONS} connections; ratio ${(rate / GOAL_PER_SECOND).toFixed(2)} (target >= 1)`,
  );
  // Original mode: one message in flight per connection, so messages/s = connections / latency.
  console.log(
    `  original-mode bound at this latency: ${CONNECTIONS} / mean ACK latency = ${(CONNECTIONS / (result.mean / 1000)).toFixed(0)} messages/s`,
  );
}

export async function run(): Promise<void> {
  const large = process.env.MPI_BENCH_LARGE === '1';
  console.log(`synthetic population, names: ${benchNames()} (MPI_BENCH_NAMES=builtin|us)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-bench-hl7-'));
  const base = await syntheticFile(path.join(dir, 'base.csv'), large ? 450_000 : 45_000, 21);
  const feed = await syntheticFile(path.join(dir, 'feed.csv'), 2_000, 22);
  const probe = await syntheticFile(path.join(dir, 'probe.csv'), 2_000, 23);
  const saved = { ...process.env };
  process.env.MPI_HL7_PORT = '0';
  delete process.env.MPI_HL7_DOMAINS;
  try {
    await withScratchDatabase(async () => {
      const app = await createHttpApp();
      try {
        const importer = app.get(RecordImporter);
        const pace = { batchSize: 500, concurrency: 2 };
        const loaded = await importer.importFile(base, cliPrincipal(), pace, {
          extraColumns: ['entity_id'],
        });
        console.log(`store: ${loaded.created.toLocaleString('en')} records`);
        const rows = parse(fs.readFileSync(feed), { columns: true }) as Row[];
        const result = await sendAll(app.get(MllpListener).port() ?? 0, rows.map(a04));
        const started = process.hrtime.bigint();
        const imported = await importer.importFile(probe, cliPrincipal(), pace, {
          extraColumns: ['entity_id'],
        });
        const importRate = imported.read / (Number(process.hrtime.bigint() - started) / 1e9);
        report(result, rows.length, importRate);
      } finally {
        await closeApp(app);
      }
    });
  } finally {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
