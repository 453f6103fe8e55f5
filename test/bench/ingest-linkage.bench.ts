import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withAppContext, cliPrincipal } from '../../src/cli/cli-context';
import { AppConfig } from '../../src/config/app-config';
import { APP_CONFIG } from '../../src/config/config.module';
import { withScratchDatabase } from '../../src/cli/scratch-database';
import { RecordImporter } from '../../src/records/record-importer';
import { benchNames, syntheticFile } from './bench-population';

/**
 * CLI import throughput with live matching, as the store grows: the rate of a 10,000-record
 * import on top of 0, 100,000 and (with MPI_BENCH_LARGE=1) 1,000,000 stored records.
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
      const pace = { batchSize: config.importBatchSize, concurrency: config.importConcurrency };
      const timed = async (file: string): Promise<{ records: number; perSecond: number }> => {
        const started = process.hrtime.bigint();
        const s = await importer.importFile(file, cliPrincipal(), pace, {
          extraColumns: ['entity_id'],
        });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        return { records: s.created + s.updated, perSecond: s.read / seconds };
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
      const after = await timed(again);
      console.log(
        `import with matching, ${(loaded.records + first.records).toLocaleString('en')} stored: ${after.perSecond.toFixed(0)} records/s`,
      );
      if (!large) console.log('(set MPI_BENCH_LARGE=1 for the 1,000,000-record store)');
    }),
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
