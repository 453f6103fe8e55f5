import * as fs from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { projectRoot } from '../config/app-config';
import {
  convertDataset,
  generateFamilies,
  generateSynthetic,
  isDatasetKind,
  readNameFrequencies,
  readNicknamePairs,
  readSeedHouseholds,
  DATASET_KINDS,
} from '../datasets';

async function toOutput<T>(
  out: string | undefined,
  work: (stream: NodeJS.WritableStream) => Promise<T>,
): Promise<T> {
  const stream = out ? fs.createWriteStream(out) : process.stdout;
  const result = await work(stream);
  if (out) {
    (stream as fs.WriteStream).end();
    await once(stream, 'finish');
  }
  return result;
}

/** `mpi dataset convert KIND FILE... [--out F]`: a labelled public data set as canonical CSV. */
export async function convertCommand(
  kind: string | undefined,
  files: string[],
  out: string | undefined,
  labels: boolean,
): Promise<number> {
  if (!kind || !isDatasetKind(kind) || files.length === 0) {
    process.stderr.write(
      `usage: mpi dataset convert ${DATASET_KINDS.join('|')} FILE... [--out FILE] [--no-labels]\n`,
    );
    return 2;
  }
  const { rows } = await toOutput(out, (stream) => convertDataset(kind, files, stream, { labels }));
  process.stderr.write(`${rows} rows\n`);
  return 0;
}

/**
 * `mpi dataset synth --people N [--seed S] [--names builtin|us] [--out F] [--truth F]`: labelled
 * synthetic patients, names from the built-in lists or drawn by US frequency
 * (data/reference/us-names); `--truth` also writes each person's true values.
 */
export async function synthCommand(
  people: string | undefined,
  seed: string | undefined,
  out: string | undefined,
  names: string | undefined = 'builtin',
  truth?: string,
): Promise<number> {
  const count = Number(people ?? '1000');
  if (!Number.isInteger(count) || count < 0 || (names !== 'builtin' && names !== 'us')) {
    process.stderr.write(
      'usage: mpi dataset synth --people N [--seed S] [--names builtin|us] [--out FILE] [--truth FILE]\n',
    );
    return 2;
  }
  const reference = path.join(projectRoot(), 'data', 'reference');
  const nicknamePairs = await readNicknamePairs(path.join(reference, 'nicknames', 'names.csv'));
  const frequencies =
    names === 'us' ? await readNameFrequencies(path.join(reference, 'us-names')) : undefined;
  const options = {
    people: count,
    seed: Number(seed ?? '1'),
    nicknames: nicknamePairs,
    names: frequencies,
  };
  const result = await toOutput(out, (stream) =>
    truth === undefined
      ? generateSynthetic(options, stream)
      : toOutput(truth, (truthStream) => generateSynthetic(options, stream, truthStream)),
  );
  process.stderr.write(`${result.rows} rows, ${result.entities} people\n`);
  return 0;
}

/**
 * `mpi dataset families [--people N] [--seed S] [--out F] [--no-labels] [--truth F]`: the
 * families population (docs/families-population.md), seeded from pseudopeople's census
 * households; `--truth` also writes each person's true values.
 */
export async function familiesCommand(
  people: string | undefined,
  seed: string | undefined,
  out: string | undefined,
  labels: boolean,
  truth?: string,
): Promise<number> {
  const count = Number(people ?? '5000');
  if (!Number.isInteger(count) || count < 0) {
    process.stderr.write(
      'usage: mpi dataset families [--people N] [--seed S] [--out FILE] [--no-labels] [--truth FILE]\n',
    );
    return 2;
  }
  const reference = path.join(projectRoot(), 'data', 'reference');
  const [nicknames, names] = await Promise.all([
    readNicknamePairs(path.join(reference, 'nicknames', 'names.csv')),
    readNameFrequencies(path.join(reference, 'us-names')),
  ]);
  const households = readSeedHouseholds(
    path.join(reference, 'pseudopeople-households', 'census-2020.csv'),
  );
  const options = { people: count, seed: seed ?? '1', households, names, nicknames };
  const result = await toOutput(out, (stream) =>
    truth === undefined
      ? generateFamilies(options, stream, labels)
      : toOutput(truth, (truthStream) => generateFamilies(options, stream, labels, truthStream)),
  );
  process.stderr.write(
    `${result.rows} rows, ${result.people} people, ${result.households} households\n`,
  );
  return 0;
}
