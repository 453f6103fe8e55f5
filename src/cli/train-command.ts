import { DataSource } from 'typeorm';
import { formatTrainingSummary } from '../matching/train/training-summary';
import { trainModel } from '../matching/train/train-model';
import { SourceRecordRepository } from '../records/source-record.repository';
import { MatchModelProvider } from '../retrieval/match-model.provider';
import { cliPrincipal, withAppContext } from './cli-context';

/**
 * `mpi train [--seed N] [--sample N]`: EM over the stored records, saved as the next model
 * version (used by every instance from its next start), and how the parameters moved.
 */
export async function trainCommand(
  seed: string | undefined,
  sample: string | undefined,
): Promise<number> {
  const limit = Number(sample ?? '200000');
  const seedValue = Number(seed ?? '1');
  if (!Number.isInteger(limit) || limit < 2 || !Number.isInteger(seedValue)) {
    process.stderr.write('usage: mpi train [--seed N] [--sample N]\n');
    return 2;
  }
  return withAppContext(async (app) => {
    const models = app.get(MatchModelProvider);
    // A stable order (by id) and a seeded sample keep training reproducible.
    const sample = await app
      .get(SourceRecordRepository)
      .sampleFeatures(app.get(DataSource).manager, limit, seedValue);
    if (sample.length < 2) {
      process.stderr.write('train: fewer than two stored records\n');
      return 1;
    }
    const { model, summary } = trainModel(models.model, sample, {
      trainedAt: new Date().toISOString(),
      seed: seedValue,
    });
    await models.save(model, summary, cliPrincipal().subject);
    process.stdout.write(formatTrainingSummary(summary) + '\n');
    return 0;
  });
}
