import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { formatEvaluation } from '../evaluation/evaluation-report';
import { EvaluationService } from '../evaluation/evaluation.service';
import { cliPrincipal, withAppContext } from './cli-context';
import { withScratchDatabase } from './scratch-database';

export interface EvalOptions {
  json: boolean;
  train: boolean;
  /** The people's true values (`mpi dataset synth --truth`): golden records are measured. */
  truth?: string;
  /** Load the file by the bulk path (`mpi import --bulk`) instead of the live one. */
  bulk?: boolean;
  /** Write every true pair blocking found but linkage left apart, explained, to this file. */
  misses?: string;
}

/** `mpi eval FILE...`: each labelled file on its own scratch database. */
export async function evalCommand(files: string[], options: EvalOptions): Promise<number> {
  const { json, train, truth, bulk, misses } = options;
  if (files.length === 0) {
    process.stderr.write(
      'usage: mpi eval FILE... [--train] [--json] [--truth FILE] [--bulk] [--misses FILE]   (canonical CSV with entity_id; household_id and tags optional)\n',
    );
    return 2;
  }
  for (const [index, file] of files.entries()) {
    const report = await withScratchDatabase(() =>
      withAppContext(async (app) => {
        const config = app.get<AppConfig>(APP_CONFIG);
        return app.get(EvaluationService).evaluate(file, cliPrincipal(), config.import.batchSize, {
          train,
          truthFile: truth,
          bulk,
          missesFile: missesFileFor(misses, index, files.length),
        });
      }),
    );
    const { rejections: _omitted, ...importCounts } = report.import;
    process.stdout.write(
      json
        ? JSON.stringify({ ...report, import: importCounts }) + '\n'
        : formatEvaluation(report) + '\n',
    );
  }
  return 0;
}

/** One file of missed pairs per labelled file: `FILE` for one, `FILE.1`, `FILE.2` ... for several. */
function missesFileFor(
  misses: string | undefined,
  index: number,
  count: number,
): string | undefined {
  return misses === undefined || count === 1 ? misses : `${misses}.${index + 1}`;
}
