import { BlockingRule } from '../blocking/blocking-rule';
import { resolveBlockingRules } from '../blocking/blocking-keys';
import { DEFAULT_CAP_PER_KEY, IndexPairs, candidatePairs } from '../blocking/candidate-pairs';
import { ConditionalComparison, HouseholdSettings } from '../model/household-settings';
import { ComparisonDefinition, MatchModel } from '../model/match-model';
import { MatchFeatures } from '../record-types';
import { CompiledModel, compileModel } from '../score/compile-model';
import { aggregatePatterns, comparisonVectors } from './comparison-vectors';
import { estimateHousehold } from './estimate-household';
import { estimateU } from './estimate-u';
import { EmResult, LevelProbabilities, expectationMaximisation } from './expectation-maximisation';
import {
  TrainingSession,
  TrainingSummary,
  conditionalChanges,
  levelChanges,
} from './training-summary';

/**
 * Unsupervised training of a model on stored records (Splink's recipe):
 *   1. u from random pairs (estimate-u.ts), seeded;
 *   2. m by EM over blocked candidate pairs, one session per blocking rule, u held fixed; in
 *      a session the comparisons reading the rule's fields sit out (the rule made them agree),
 *      and each comparison's m is the average over the sessions that estimated it, weighted by
 *      their expected matches; a comparison no session could estimate, or whose u random pairs
 *      could not estimate (too sparse), keeps its m;
 *   3. the prior: expected matching pairs among all candidates (EM for lambda alone, m and u
 *      fixed) over all n(n-1)/2 pairs, i.e. the chance that two random records match;
 *   4. the household's u and its conditional levels' u (estimate-household.ts), from random
 *      pairs and by EM over the candidate pairs of one household, m held at the trained value.
 * Returns a new model (version + 1, `trainedAt` as given) and a summary; inputs are untouched.
 * Deterministic: same records in the same order, same options, same model.
 */
export interface TrainingOptions {
  /** ISO timestamp written into the model (passed in: training reads no clock). */
  readonly trainedAt: string;
  readonly seed?: number;
  /** Random pairs for u (default 1,000,000). */
  readonly randomPairs?: number;
  readonly capPerKey?: number;
  readonly maxIterations?: number;
  readonly tolerance?: number;
  /** Sessions with fewer candidate pairs are skipped (default 100). */
  readonly minSessionPairs?: number;
}

export interface TrainingResult {
  readonly model: MatchModel;
  readonly summary: TrainingSummary;
}

/** Share of a rule's candidate pairs assumed to match when EM starts. */
const START_LAMBDA = 0.3;
const PRIOR_BOUNDS = { low: 1e-12, high: 0.5 } as const;

export function trainModel(
  model: MatchModel,
  records: readonly MatchFeatures[],
  options: TrainingOptions,
): TrainingResult {
  const compiled = compileModel(model);
  const uEstimate = estimateU(compiled, records, {
    seed: options.seed ?? 1,
    pairs: options.randomPairs ?? 1_000_000,
  });
  const blocking = candidatePairs(model, records, {
    capPerKey: options.capPerKey ?? DEFAULT_CAP_PER_KEY,
  });
  const startM = model.comparisons.map((c) => c.levels.map((level) => level.m));
  const runs = resolveBlockingRules(model).map((rule) =>
    runSession(compiled, records, rule, blocking.byRule.get(rule.id), startM, uEstimate.u, options),
  );
  // A comparison random pairs could not estimate u for is too sparse to estimate m for too.
  const m = combineSessions(startM, runs).map((row, c) =>
    uEstimate.kept[c] === true ? [...(startM[c] ?? row)] : row,
  );
  const prior = estimatePrior(compiled, records, blocking.pairs, m, uEstimate.u, options);
  const withTrained = withParameters(model, m, uEstimate.u, prior.probability, options.trainedAt);
  const household =
    compiled.household === null || withTrained.household === undefined
      ? undefined
      : estimateHousehold({
          compiled,
          household: compiled.household,
          settings: withTrained.household,
          records,
          candidates: blocking.pairs,
          m,
          u: uEstimate.u,
          seed: (options.seed ?? 1) + 1,
          randomPairs: options.randomPairs ?? 1_000_000,
          minPairs: options.minSessionPairs ?? 100,
          maxIterations: options.maxIterations ?? 100,
          tolerance: options.tolerance ?? 1e-5,
        });
  const trained = household ? { ...withTrained, household: household.settings } : withTrained;
  return {
    model: trained,
    summary: {
      fromVersion: model.version,
      toVersion: trained.version,
      trainedAt: options.trainedAt,
      records: records.length,
      randomPairs: uEstimate.pairsSampled,
      candidatePairs: blocking.pairs.left.length,
      truncatedKeys: blocking.truncatedKeys,
      expectedMatches: prior.expectedMatches,
      prior: { before: model.prior.probability, after: trained.prior.probability },
      levels: levelChanges(model, trained),
      sessions: runs.map((run) => run.session),
      uKept: model.comparisons.filter((_, c) => uEstimate.kept[c] === true).map((c) => c.id),
      ...(household === undefined
        ? {}
        : {
            household: {
              u: { before: model.household?.u ?? 0, after: household.settings.u },
              randomInHousehold: household.randomInHousehold,
              randomPairs: household.randomPairs,
              householdPairs: household.householdPairs,
              familyPairs: household.familyPairs,
              levels: conditionalChanges(model.household, household.settings),
            },
          }),
    },
  };
}

interface SessionRun {
  readonly session: TrainingSession;
  readonly active: readonly boolean[];
  readonly result: EmResult | null;
}

function runSession(
  compiled: CompiledModel,
  records: readonly MatchFeatures[],
  rule: BlockingRule,
  pairs: IndexPairs | undefined,
  startM: LevelProbabilities,
  u: LevelProbabilities,
  options: TrainingOptions,
): SessionRun {
  const active = compiled.comparisons.map(
    (c) => !c.comparator.fields.some((field) => rule.fields.includes(field)),
  );
  const estimated = compiled.comparisons.filter((_, c) => active[c]).map((c) => c.definition.id);
  const count = pairs?.left.length ?? 0;
  const base = {
    rule: rule.id,
    pairs: count,
    estimated,
    iterations: 0,
    converged: false,
    lambda: 0,
  };
  if (pairs === undefined || count < (options.minSessionPairs ?? 100)) {
    return { session: { ...base, skipped: 'too few candidate pairs' }, active, result: null };
  }
  const patterns = aggregatePatterns(comparisonVectors(compiled, records, pairs));
  const result = expectationMaximisation(
    patterns,
    { lambda: START_LAMBDA, m: startM, u },
    {
      fixU: true,
      active,
      maxIterations: options.maxIterations ?? 100,
      tolerance: options.tolerance ?? 1e-5,
    },
  );
  const session = {
    ...base,
    iterations: result.iterations,
    converged: result.converged,
    lambda: result.lambda,
  };
  return { session, active, result };
}

/** Each comparison's m averaged over the sessions that estimated it, weighted by expected matches. */
function combineSessions(startM: LevelProbabilities, runs: readonly SessionRun[]): number[][] {
  return startM.map((row, c) => {
    const sums = new Array<number>(row.length).fill(0);
    let weight = 0;
    for (const { result, active } of runs) {
      if (result === null || active[c] !== true || !(result.expectedMatches > 0)) continue;
      weight += result.expectedMatches;
      result.m[c]?.forEach(
        (value, l) => (sums[l] = (sums[l] ?? 0) + value * result.expectedMatches),
      );
    }
    return weight > 0 ? sums.map((sum) => sum / weight) : [...row];
  });
}

function estimatePrior(
  compiled: CompiledModel,
  records: readonly MatchFeatures[],
  pairs: IndexPairs,
  m: LevelProbabilities,
  u: LevelProbabilities,
  options: TrainingOptions,
): { probability: number; expectedMatches: number } {
  const n = records.length;
  if (pairs.left.length === 0 || n < 2)
    return { probability: compiled.model.prior.probability, expectedMatches: 0 };
  const patterns = aggregatePatterns(comparisonVectors(compiled, records, pairs));
  const result = expectationMaximisation(
    patterns,
    { lambda: START_LAMBDA, m, u },
    {
      fixU: true,
      fixM: true,
      maxIterations: options.maxIterations ?? 100,
      tolerance: options.tolerance ?? 1e-5,
    },
  );
  const probability = result.expectedMatches / ((n * (n - 1)) / 2);
  return {
    probability: Math.min(PRIOR_BOUNDS.high, Math.max(PRIOR_BOUNDS.low, probability)),
    expectedMatches: result.expectedMatches,
  };
}

function withParameters(
  model: MatchModel,
  m: LevelProbabilities,
  u: LevelProbabilities,
  prior: number,
  trainedAt: string,
): MatchModel {
  const comparisons = model.comparisons.map((comparison, c) => ({
    ...comparison,
    levels: comparison.levels.map((level, l) => ({
      ...level,
      m: round(m[c]?.[l] ?? level.m),
      u: round(u[c]?.[l] ?? level.u),
    })),
  }));
  return {
    ...model,
    version: model.version + 1,
    trainedAt,
    prior: { probability: round(prior) },
    comparisons,
    ...(model.household === undefined
      ? {}
      : { household: withHouseholdM(model.household, comparisons) }),
  };
}

/**
 * A level's m (its chance for one person) is the same inside a household as anywhere, so the
 * conditional levels take the trained m (their u is estimated after, estimate-household.ts).
 */
function withHouseholdM(
  household: HouseholdSettings,
  comparisons: readonly ComparisonDefinition[],
): HouseholdSettings {
  const trained = (conditional: ConditionalComparison): ConditionalComparison => {
    const levels = comparisons.find((c) => c.id === conditional.comparison)?.levels ?? [];
    return {
      ...conditional,
      levels: conditional.levels.map((level, l) => ({ ...level, m: levels[l]?.m ?? level.m })),
    };
  };
  return {
    ...household,
    conditional: household.conditional.map(trained),
    ...(household.family === undefined
      ? {}
      : {
          family: { ...household.family, conditional: household.family.conditional.map(trained) },
        }),
  };
}

/** Six significant digits: plenty for weights, and the JSON stays readable. */
function round(value: number): number {
  return Number(value.toPrecision(6));
}
