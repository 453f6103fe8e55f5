import { SingleBar } from 'cli-progress';
import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { BulkImporter, chooseBulk } from '../records/bulk/bulk-importer';
import { ImportSummary, RecordImporter } from '../records/record-importer';
import { cliPrincipal, withAppContext } from './cli-context';

/** `--bulk` forces the bulk path, `--live` the live one; neither lets the file's size choose. */
export type ImportPath = 'bulk' | 'live' | 'auto';

export async function importCommand(
  file: string,
  source: string | undefined,
  path: ImportPath = 'auto',
): Promise<number> {
  const summary = await withAppContext(async (app) => {
    const bulk =
      path === 'bulk' || (path === 'auto' && (await chooseBulk(app.get(BulkImporter), file)));
    return bulk ? bulkImport(app, file, source) : liveImport(app, file, source);
  });
  printSummary(summary);
  return summary.rejected > 0 ? 3 : 0;
}

function progressBar(format: string): SingleBar | null {
  return process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format }) : null;
}

async function liveImport(
  app: INestApplicationContext,
  file: string,
  source: string | undefined,
): Promise<ImportSummary> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const bar = progressBar('import [{bar}] {percentage}% {eta_formatted} left');
  bar?.start(1, 0);
  try {
    return await app.get(RecordImporter).importFile(
      file,
      cliPrincipal(),
      {
        batchSize: config.import.batchSize,
        concurrency: config.import.concurrency,
        analyzeEvery: config.import.analyzeEvery,
      },
      { source },
      {
        onProgress: (done, total) => {
          bar?.setTotal(total);
          bar?.update(done);
        },
      },
    );
  } finally {
    bar?.stop();
  }
}

/** The bulk path, its bar naming the phase and the rows per second of that phase. */
async function bulkImport(
  app: INestApplicationContext,
  file: string,
  source: string | undefined,
): Promise<ImportSummary> {
  const bar = progressBar(
    'bulk import {phase} [{bar}] {percentage}% {value}/{total} {rate} rows/s {eta_formatted} left',
  );
  bar?.start(1, 0, { phase: 'reading', rate: 0 });
  let phase = '';
  let started = Date.now();
  try {
    return await app.get(BulkImporter).importFile(
      file,
      cliPrincipal(),
      { source },
      {
        onProgress: (now, done, total) => {
          if (now !== phase) {
            phase = now;
            started = Date.now();
          }
          const seconds = Math.max(0.001, (Date.now() - started) / 1000);
          bar?.setTotal(Math.max(1, total));
          bar?.update(done, { phase, rate: Math.round(done / seconds) });
        },
      },
    );
  } finally {
    bar?.stop();
  }
}

function printSummary(summary: ImportSummary): void {
  for (const r of summary.rejections)
    process.stderr.write(`line ${r.line}: ${r.field}: ${r.reason}\n`);
  process.stdout.write(
    [
      `read: ${summary.read}`,
      `created: ${summary.created}`,
      `updated: ${summary.updated}`,
      `unchanged: ${summary.unchanged}`,
      `linked automatically: ${summary.linkedAutomatically}`,
      `sent to review: ${summary.sentToReview}`,
      `rejected: ${summary.rejected}`,
    ].join('\n') + '\n',
  );
}
