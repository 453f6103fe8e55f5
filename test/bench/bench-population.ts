import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/config/app-config';
import { generateSynthetic, NameFrequencies, readNameFrequencies } from '../../src/datasets';

/**
 * The benches' synthetic population. Names follow US frequencies (data/reference/us-names) so
 * that a million-record store has blocks of a real store's size; MPI_BENCH_NAMES=builtin
 * draws from the generator's small built-in lists instead (a surname shared by 1 in 126
 * people: blocks about ten times larger than real ones at any size).
 */
export function benchNames(): 'us' | 'builtin' {
  return process.env.MPI_BENCH_NAMES === 'builtin' ? 'builtin' : 'us';
}

let frequencies: Promise<NameFrequencies> | undefined;

async function names(): Promise<NameFrequencies | undefined> {
  if (benchNames() === 'builtin') return undefined;
  frequencies ??= readNameFrequencies(path.join(projectRoot(), 'data', 'reference', 'us-names'));
  return frequencies;
}

/** Writes `people` synthetic people's registrations (labelled canonical CSV) to `file`. */
export async function syntheticFile(file: string, people: number, seed: number): Promise<string> {
  const out = fs.createWriteStream(file);
  await generateSynthetic({ people, seed, names: await names() }, out);
  out.end();
  await once(out, 'finish');
  return file;
}
