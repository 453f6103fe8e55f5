import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cliPrincipal, withAppContext } from '../../src/cli/cli-context';
import { withScratchDatabase } from '../../src/cli/scratch-database';
import { SECRETS } from '../../src/config/config.module';
import { defaultEnvironment } from '../../src/config/environment';
import { Secrets } from '../../src/config/key-material';
import { copyIn, copyLine } from '../../src/database/copy-in';
import { BulkImporter } from '../../src/records/bulk/bulk-importer';
import { PreparePool } from '../../src/records/bulk/prepare-pool';
import { readRecordFile } from '../../src/records/record-file-reader';
import { MatchModelProvider } from '../../src/retrieval/match-model.provider';
import { benchNames, syntheticFile } from './bench-population';

/** The tables a bulk load writes, whose rows the COPY floor copies again. */
const WRITTEN = [
  'source_record',
  'record_block_key',
  'record_link',
  'person',
  'person_version',
  'link_event',
];

/**
 * `mpi import --bulk` into an empty store: N generated records (200,000; 1,000,000 with
 * MPI_BENCH_LARGE=1) in records/s, beside two floors measured in the same run: PostgreSQL
 * COPY of the rows the load wrote (into temporary tables with the same indexes), and the
 * preparation alone (normalize, tokens, features, blocking keys) on the worker threads.
 */
export async function run(): Promise<void> {
  // As the CLI runs it: a chunk's statements may outlast the service's request limits.
  defaultEnvironment({ MPI_STATEMENT_TIMEOUT_MS: '0', MPI_IDLE_IN_TRANSACTION_TIMEOUT_MS: '0' });
  const large = process.env.MPI_BENCH_LARGE === '1';
  console.log(`synthetic population, names: ${benchNames()} (MPI_BENCH_NAMES=builtin|us)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-bench-bulk-'));
  // About 2.2 records per person in the generator's default mix.
  const file = await syntheticFile(path.join(dir, 'bulk.csv'), large ? 450_000 : 90_000, 21);
  await withScratchDatabase(() =>
    withAppContext(async (app) => {
      const prepared = await preparationFloor(app, file);
      const started = process.hrtime.bigint();
      const phases = new Map<string, bigint>();
      const summary = await app.get(BulkImporter).importFile(
        file,
        cliPrincipal(),
        { extraColumns: ['entity_id'] },
        {
          onProgress: (phase) =>
            void (phases.has(phase) || phases.set(phase, process.hrtime.bigint())),
        },
      );
      const ended = process.hrtime.bigint();
      const seconds = Number(ended - started) / 1e9;
      const rss = process.resourceUsage().maxRSS / 1024;
      const rate = summary.created / seconds;
      const copy = await copyFloor(app.get(DataSource), summary.created);
      console.log(
        `bulk import, empty store:      ${rate.toFixed(0)} records/s (${summary.created.toLocaleString('en')} records in ${seconds.toFixed(1)} s, peak RSS ${rss.toFixed(0)} MB)`,
      );
      console.log(
        `floor: COPY of the same rows:  ${copy.toFixed(0)} records/s   ratio ${(rate / copy).toFixed(2)}`,
      );
      console.log(
        `floor: preparation, ${prepared.threads} threads: ${prepared.rate.toFixed(0)} records/s   ratio ${(rate / prepared.rate).toFixed(2)}`,
      );
      const marks = [...phases];
      console.log(
        `phases: ${marks
          .map(
            ([phase, at], i) =>
              `${phase} ${(Number((marks[i + 1]?.[1] ?? ended) - at) / 1e9).toFixed(1)} s`,
          )
          .join(', ')}`,
      );
      if (!large) console.log('(set MPI_BENCH_LARGE=1 for 1,000,000 records)');
    }),
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Reading and preparing the file on the pool, nothing else: records/s. */
async function preparationFloor(
  app: INestApplicationContext,
  file: string,
): Promise<{ rate: number; threads: number }> {
  const secrets = app.get<Secrets>(SECRETS);
  const pool = new PreparePool({
    dataKeys: secrets.dataKeys.map((k) => ({ id: k.id, secret: k.secret })),
    model: app.get(MatchModelProvider).model,
  });
  const started = process.hrtime.bigint();
  let records = 0;
  let group: { index: number; record: Record<string, string> }[] = [];
  const inFlight: Promise<unknown[]>[] = [];
  for await (const row of readRecordFile(file, { extraColumns: ['entity_id'] })) {
    if (!('record' in row)) continue;
    group.push({ index: records++, record: row.record as Record<string, string> });
    if (group.length < 1000) continue;
    inFlight.push(pool.prepare(group));
    group = [];
    if (inFlight.length >= pool.size * 3) await inFlight.shift();
  }
  inFlight.push(pool.prepare(group));
  await Promise.all(inFlight);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.close();
  return { rate: records / seconds, threads: pool.size };
}

/**
 * COPY of every row the load wrote into temporary tables shaped like the real ones (indexes
 * included), timing only the COPY: the database's own limit for these rows, per record.
 */
async function copyFloor(dataSource: DataSource, records: number): Promise<number> {
  let seconds = 0;
  for (const table of WRITTEN) {
    await dataSource.transaction(async (manager) => {
      await manager.query(
        `create temp table floor_${table} (like ${table} including defaults including indexes) on commit drop`,
      );
      const columns: { column_name: string }[] = await manager.query(
        `select column_name from information_schema.columns where table_name = $1 order by ordinal_position`,
        [table],
      );
      const names = columns.map((c) => c.column_name);
      await manager.query(
        `declare floor_rows cursor for select ${names.map((n) => `${n}::text as ${n}`).join(', ')} from ${table}`,
      );
      for (;;) {
        const rows: Record<string, string | null>[] = await manager.query(
          `fetch 100000 from floor_rows`,
        );
        if (rows.length === 0) break;
        const lines = rows.map((r) => copyLine(names.map((n) => r[n] ?? null)));
        const started = process.hrtime.bigint();
        await copyIn(manager, `copy floor_${table} (${names.join(', ')}) from stdin`, lines);
        seconds += Number(process.hrtime.bigint() - started) / 1e9;
      }
      await manager.query(`close floor_rows`);
    });
  }
  return records / seconds;
}
