import { MatchFeatures } from '../record-types';
import { CompiledModel } from '../score/compile-model';
import { LevelProbabilities } from './expectation-maximisation';
import { mulberry32, randomIndex } from './seeded-prng';

/**
 * u (the chance of each level between two different people) from random pairs of stored
 * records: among random pairs almost none match (about 1 in the number of records), so their
 * level frequencies estimate u directly (Splink's `estimate_u_using_random_sampling`). Counts
 * get half a pair of smoothing, so a level never seen (two random people sharing an SSN) gets
 * a small u rather than zero. A comparison that random pairs rarely observe on both sides
 * (multiple birth, other identifiers) keeps the model's u.
 */
export interface UEstimate {
  readonly u: LevelProbabilities;
  /** Observed (not missing) count of each level. */
  readonly counts: readonly (readonly number[])[];
  /** True where too few pairs had both values to estimate from: the model's u was kept. */
  readonly kept: readonly boolean[];
  readonly pairsSampled: number;
}

export interface UEstimateOptions {
  readonly seed: number;
  /** Random pairs to draw; fewer when the records do not have that many distinct pairs. */
  readonly pairs: number;
}

const SMOOTHING = 0.5;
/** Fewest random pairs with both values present for a comparison's u to be re-estimated. */
const MIN_OBSERVED = 100;

export function estimateU(
  compiled: CompiledModel,
  records: readonly MatchFeatures[],
  options: UEstimateOptions,
): UEstimate {
  const n = records.length;
  const counts = compiled.comparisons.map((c) =>
    new Array<number>(c.definition.levels.length).fill(0),
  );
  const pairs = n < 2 ? 0 : Math.min(options.pairs, (n * (n - 1)) / 2);
  const next = mulberry32(options.seed);
  for (let p = 0; p < pairs; p++) {
    const i = randomIndex(next, n);
    let j = randomIndex(next, n - 1);
    if (j >= i) j++;
    const a = records[i] as MatchFeatures;
    const b = records[j] as MatchFeatures;
    compiled.comparisons.forEach((comparison, c) => {
      const level = comparison.comparator.level(a, b);
      const row = counts[c] as number[];
      if (level >= 0) row[level] = (row[level] as number) + 1;
    });
  }
  const kept: boolean[] = [];
  const u = counts.map((row, c) => {
    const observed = row.reduce((sum, count) => sum + count, 0);
    kept.push(observed < MIN_OBSERVED);
    if (observed < MIN_OBSERVED)
      return compiled.comparisons[c]?.definition.levels.map((level) => level.u) ?? row;
    const total = observed + SMOOTHING * row.length;
    return row.map((count) => (count + SMOOTHING) / total);
  });
  return { u, counts, kept, pairsSampled: pairs };
}
