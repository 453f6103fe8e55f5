import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { withAppContext, cliPrincipal } from '../../src/cli/cli-context';
import { AppConfig } from '../../src/config/app-config';
import { APP_CONFIG } from '../../src/config/config.module';
import { withScratchDatabase } from '../../src/cli/scratch-database';
import { IngestService } from '../../src/records/ingest.service';
import { RecordImporter } from '../../src/records/record-importer';
import { benchNames, syntheticFile } from './bench-population';
import {
  copyFloorRate,
  fileBytesPerRecord,
  preparationRate,
  recordsOf,
  nodeCpu,
  postgresCpu,
  storeBytesPerRecord,
} from './import-floors';

interface Timed {
  records: number;
  perSecond: number;
  /** CPU microseconds per record read: this process's, and the embedded PostgreSQL's. */
  cpu: { node: number; pg: number | null };
}

/**
 * CLI import throughput with live matching, as the store grows: the rate of a 10,000-record
 * import on top of 0, 100,000 and (with MPI_BENCH_LARGE=1) 1,000,000 stored records, beside
 * two floors measured in the same run on the same records: preparation alone (one core) and
 * PostgreSQL COPY of the prepared rows into an unindexed table. Then the store's bytes per
 * record, table by table, beside the input file's bytes per record.
 * Uses DATABASE_URL's server when set (a scratch database on it), else an embedded one.
 */
export async function run(): Promise<void> {
  const large = process.env.MPI_BENCH_LARGE === '1';
  console.log(`synthetic population, names: ${benchNames()} (MPI_BENCH_NAMES=builtin|us)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-bench-'));
  // About 2.2 records per person in the generator's default mix.
  const base = await syntheticFile(path.join(dir, 'base.csv'), large ? 450_000 : 45_000, 11);
  const probe = await syntheticFile(path.join(dir, 'probe.csv'), 4_500, 12);
  await withScratchDatabase(() =>
    withAppContext(async (app) => {
      const importer = app.get(RecordImporter);
      // The CLI's own settings (MPI_IMPORT_BATCH, MPI_IMPORT_CONCURRENCY).
      const config = app.get<AppConfig>(APP_CONFIG);
      const pace = { batchSize: config.import.batchSize, concurrency: config.import.concurrency };
      const timed = async (file: string): Promise<Timed> => {
        const started = process.hrtime.bigint();
        const cpu = { node: nodeCpu(), pg: postgresCpu() };
        const s = await importer.importFile(file, cliPrincipal(), pace, {
          extraColumns: ['entity_id'],
        });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const pg = postgresCpu();
        return {
          records: s.created + s.updated,
          perSecond: s.read / seconds,
          cpu: {
            node: ((nodeCpu() - cpu.node) * 1e6) / s.read,
            pg: pg === null || cpu.pg === null ? null : ((pg - cpu.pg) * 1e6) / s.read,
          },
        };
      };
      const first = await timed(probe);
      console.log(
        `import with matching, empty store:        ${first.perSecond.toFixed(0)} records/s (${first.records} records)`,
      );
      const loaded = await timed(base);
      console.log(
        `bulk load of the base population:          ${loaded.perSecond.toFixed(0)} records/s (${loaded.records} records)`,
      );
      const again = await syntheticFile(path.join(dir, 'probe2.csv'), 4_500, 13);
      const ingest = app.get(IngestService);
      const records = await recordsOf(again);
      const prepareFloor = preparationRate(ingest, records);
      const copyFloor = await copyFloorRate(
        app.get(DataSource),
        ingest.prepareAll(records).prepared,
      );
      const after = await timed(again);
      const stored = (loaded.records + first.records).toLocaleString('en');
      console.log(
        `import with matching, ${stored} stored: ${after.perSecond.toFixed(0)} records/s; ` +
          `floors: preparation alone ${prepareFloor.toFixed(0)} (ratio ${(after.perSecond / prepareFloor).toFixed(2)}), ` +
          `COPY into an unindexed table ${copyFloor.toFixed(0)} (ratio ${(after.perSecond / copyFloor).toFixed(2)})`,
      );
      console.log(
        `  CPU per record: import ${after.cpu.node.toFixed(0)} µs, PostgreSQL ${after.cpu.pg?.toFixed(0) ?? '(external server)'} µs; ` +
          `preparation alone ${(1e6 / prepareFloor).toFixed(0)} µs`,
      );
      await printStoreSize(app.get(DataSource), fileBytesPerRecord(base, loaded.records));
      if (!large) console.log('(set MPI_BENCH_LARGE=1 for the 1,000,000-record store)');
    }),
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The store's bytes per record by table, beside the CSV's bytes per record. */
async function printStoreSize(dataSource: DataSource, csvBytes: number): Promise<void> {
  const { records, tables } = await storeBytesPerRecord(dataSource);
  const total = tables.reduce((sum, t) => sum + t.bytes, 0);
  console.log(
    `store at ${records.toLocaleString('en')} records: ${total.toFixed(0)} bytes/record; ` +
      `floor: the input CSV ${csvBytes.toFixed(0)} bytes/record (ratio ${(total / csvBytes).toFixed(2)})`,
  );
  for (const t of tables)
    console.log(`  ${t.table.padEnd(24)} ${t.bytes.toFixed(0).padStart(6)} bytes/record`);
}
