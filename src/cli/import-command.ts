import { SingleBar } from 'cli-progress';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ImportSummary, RecordImporter } from '../records/record-importer';
import { cliPrincipal, withAppContext } from './cli-context';

export async function importCommand(file: string, source: string | undefined): Promise<number> {
  const summary = await withAppContext(async (app) => {
    const config = app.get<AppConfig>(APP_CONFIG);
    const bar = process.stderr.isTTY
      ? new SingleBar({
          stream: process.stderr,
          format: 'import [{bar}] {percentage}% {eta_formatted} left',
        })
      : null;
    bar?.start(1, 0);
    try {
      return await app.get(RecordImporter).importFile(
        file,
        cliPrincipal(),
        {
          batchSize: config.importBatchSize,
          concurrency: config.importConcurrency,
          analyzeEvery: config.importAnalyzeEvery,
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
  });
  printSummary(summary);
  return summary.rejected > 0 ? 3 : 0;
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
