import { RelinkCounts, NO_RELINK_COUNTS, addCounts } from '../linkage/relink-tally';
import { RelinkService } from '../records/relink.service';
import { cliPrincipal, withAppContext } from './cli-context';

const USAGE = 'usage: mpi relink [--batch N] [--batches N]\n';

/**
 * `mpi relink [--batch N] [--batches N]`: re-decides the store's automatic links under the
 * current model version, N records per transaction, while the service runs (restart it on the
 * new model first, so that what it links meanwhile is decided the same way). Interrupted, or
 * stopped after `--batches` batches, it continues where it stopped when run again; once the
 * run of a model version is finished, running it again does nothing.
 */
export async function relinkCommand(options: {
  batch?: string;
  batches?: string;
}): Promise<number> {
  const size = Number(options.batch ?? '500');
  const most = options.batches === undefined ? Infinity : Number(options.batches);
  if (!Number.isInteger(size) || size < 1 || size > 10_000) {
    process.stderr.write(`--batch is an integer from 1 to 10000\n${USAGE}`);
    return 2;
  }
  if (most !== Infinity && (!Number.isInteger(most) || most < 1)) {
    process.stderr.write(`--batches is a positive integer\n${USAGE}`);
    return 2;
  }
  return withAppContext(async (app) => relink(app.get(RelinkService), size, most));
}

async function relink(service: RelinkService, size: number, most: number): Promise<number> {
  const version = service.modelVersion;
  const run = await service.currentRun();
  if (run?.finishedAt) {
    process.stdout.write(
      [
        `model version ${version}: relinked, finished ${run.finishedAt}; nothing to do`,
        `the run, started ${run.startedAt}:`,
        ...countLines(run.totals),
      ].join('\n') + '\n',
    );
    return 0;
  }
  const total = await service.remaining();
  const started = Date.now();
  let done: RelinkCounts = NO_RELINK_COUNTS;
  let walked = 0;
  let batches = 0;
  let finished = false;
  while (!finished && batches < most) {
    const batch = await service.relinkBatch(size, cliPrincipal());
    finished = batch.finished;
    if (batch.walked === 0) continue;
    batches += 1;
    walked += batch.walked;
    done = addCounts(done, batch);
    const percent = total === 0 ? 100 : Math.min(100, Math.round((100 * walked) / total));
    process.stderr.write(
      `relink: ${walked}/${total} records walked (${percent}%), ${done.moved} moved\n`,
    );
  }
  process.stdout.write(summary(version, done, Date.now() - started, finished, batches));
  return 0;
}

function summary(
  version: number,
  counts: RelinkCounts,
  ms: number,
  finished: boolean,
  batches: number,
): string {
  return (
    [
      `model version: ${version}`,
      ...countLines(counts),
      `seconds: ${(ms / 1000).toFixed(1)}`,
      finished ? 'finished' : `stopped after ${batches} batches: run mpi relink again to continue`,
    ].join('\n') + '\n'
  );
}

function countLines(counts: RelinkCounts): string[] {
  return [
    `records re-decided: ${counts.reDecided}`,
    `moved: ${counts.moved}`,
    `new persons: ${counts.newPersons}`,
    `review tasks opened: ${counts.tasksOpened}`,
    `blocking keys refreshed: ${counts.keysRefreshed}`,
  ];
}
