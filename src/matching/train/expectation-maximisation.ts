import { VectorPatterns } from './comparison-vectors';

/**
 * Expectation-maximisation for the Fellegi-Sunter mixture (as in Splink): each pair is a
 * match with probability lambda; given the class, comparisons are independent with level
 * probabilities m (match) or u (non-match). The E-step gives each comparison pattern its
 * posterior match probability; the M-step re-estimates lambda, m and (unless fixed) u from
 * those posteriors, counting a comparison only where it is not missing. Works on distinct
 * patterns with counts, so the cost is independent of the number of pairs.
 *
 * Comparisons marked inactive take no part: they neither enter the likelihood nor change.
 * Training uses this for the comparisons a blocking rule biases (on pairs found by "same birth
 * date" birth dates agree whatever the class, so they say nothing there).
 */
export type LevelProbabilities = readonly (readonly number[])[];

export interface EmParameters {
  readonly lambda: number;
  readonly m: LevelProbabilities;
  readonly u: LevelProbabilities;
}

export interface EmOptions {
  readonly maxIterations?: number;
  /** Stop when no parameter moves by more than this. */
  readonly tolerance?: number;
  /** Keep u as given (estimated from random pairs); the usual set-up. Default true. */
  readonly fixU?: boolean;
  /** Keep m as given too: only lambda is estimated. */
  readonly fixM?: boolean;
  /** Comparisons taking part (default: all). */
  readonly active?: readonly boolean[];
  /** Floor for every probability, so no weight becomes infinite. */
  readonly minProbability?: number;
}

export interface EmResult extends EmParameters {
  readonly iterations: number;
  readonly converged: boolean;
  /** Sum of posterior match probabilities over all pairs at the final parameters. */
  readonly expectedMatches: number;
}

export const DEFAULT_MIN_PROBABILITY = 1e-6;

export function expectationMaximisation(
  patterns: VectorPatterns,
  start: EmParameters,
  options: EmOptions = {},
): EmResult {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const active = options.active ?? start.m.map(() => true);
  let params: EmParameters = start;
  let posteriors = eStep(patterns, params, active);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const next = mStep(patterns, posteriors, params, active, options);
    const change = largestChange(params, next);
    params = next;
    posteriors = eStep(patterns, params, active);
    if (change < tolerance) return finish(params, posteriors, patterns, iteration, true);
  }
  return finish(params, posteriors, patterns, maxIterations, false);
}

function finish(
  params: EmParameters,
  posteriors: Float64Array,
  patterns: VectorPatterns,
  iterations: number,
  converged: boolean,
): EmResult {
  let expectedMatches = 0;
  for (let r = 0; r < posteriors.length; r++)
    expectedMatches += (posteriors[r] as number) * (patterns.counts[r] as number);
  return { ...params, iterations, converged, expectedMatches };
}

/** Posterior match probability of each pattern. */
export function eStep(
  patterns: VectorPatterns,
  params: EmParameters,
  active: readonly boolean[],
): Float64Array {
  const { width, levels, counts } = patterns;
  const posteriors = new Float64Array(counts.length);
  for (let r = 0; r < counts.length; r++) {
    // Ratio of likelihoods as a log2 sum: products of ~20 small probabilities would underflow.
    let logRatio = Math.log2(params.lambda / (1 - params.lambda));
    for (let c = 0; c < width; c++) {
      const level = levels[r * width + c] as number;
      if (level < 0 || active[c] !== true) continue;
      logRatio += Math.log2((params.m[c]?.[level] ?? 1) / (params.u[c]?.[level] ?? 1));
    }
    posteriors[r] = 1 / (1 + Math.pow(2, -logRatio));
  }
  return posteriors;
}

function mStep(
  patterns: VectorPatterns,
  posteriors: Float64Array,
  params: EmParameters,
  active: readonly boolean[],
  options: EmOptions,
): EmParameters {
  const { width, levels, counts } = patterns;
  const mCounts = params.m.map((row) => new Float64Array(row.length));
  const uCounts = params.u.map((row) => new Float64Array(row.length));
  let matches = 0;
  let total = 0;
  for (let r = 0; r < counts.length; r++) {
    const count = counts[r] as number;
    const match = (posteriors[r] as number) * count;
    matches += match;
    total += count;
    for (let c = 0; c < width; c++) {
      const level = levels[r * width + c] as number;
      if (level < 0) continue;
      const mRow = mCounts[c] as Float64Array;
      const uRow = uCounts[c] as Float64Array;
      mRow[level] = (mRow[level] as number) + match;
      uRow[level] = (uRow[level] as number) + count - match;
    }
  }
  const floor = options.minProbability ?? DEFAULT_MIN_PROBABILITY;
  const update = (old: LevelProbabilities, sums: Float64Array[], fixed: boolean): number[][] =>
    old.map((row, c) =>
      fixed || active[c] !== true ? [...row] : normalise(sums[c] as Float64Array, row, floor),
    );
  return {
    lambda: clamp(total === 0 ? params.lambda : matches / total, floor),
    m: update(params.m, mCounts, options.fixM === true),
    u: update(params.u, uCounts, options.fixU !== false),
  };
}

/** Proportions with a floor, renormalised; the old row when nothing was observed. */
export function normalise(
  sums: ArrayLike<number>,
  old: readonly number[],
  floor: number,
): number[] {
  let total = 0;
  for (let i = 0; i < sums.length; i++) total += sums[i] as number;
  if (!(total > 0)) return [...old];
  const floored = Array.from(sums, (value) => Math.max(value / total, floor));
  const sum = floored.reduce((a, b) => a + b, 0);
  return floored.map((value) => value / sum);
}

function clamp(probability: number, floor: number): number {
  return Math.min(1 - floor, Math.max(floor, probability));
}

function largestChange(a: EmParameters, b: EmParameters): number {
  let change = Math.abs(a.lambda - b.lambda);
  for (const [x, y] of [
    [a.m, b.m],
    [a.u, b.u],
  ] as const) {
    x.forEach((row, c) =>
      row.forEach((value, l) => {
        change = Math.max(change, Math.abs(value - (y[c]?.[l] ?? value)));
      }),
    );
  }
  return change;
}
