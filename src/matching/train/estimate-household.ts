import { IndexPairs } from '../blocking/candidate-pairs';
import { ConditionalComparison, HouseholdSettings } from '../model/household-settings';
import { MatchFeatures } from '../record-types';
import { CompiledModel } from '../score/compile-model';
import { CompiledHousehold, Kinship, kinshipOf } from '../score/compile-household';
import { aggregatePatterns, comparisonVectors, ComparisonVectors } from './comparison-vectors';
import { LevelProbabilities, expectationMaximisation } from './expectation-maximisation';
import { mulberry32, randomIndex } from './seeded-prng';

/**
 * The household's parameters from the store, by the recipe the rest of the model follows:
 *
 *   - u = P(one household | two people): the share of random pairs of stored records that
 *     agree on enough household fields. It falls as the store grows (a home holds a few of
 *     its people), which a fixed u cannot follow.
 *   - the conditional levels' u (given name and birth date between two people of one home,
 *     or of one family name): EM over the blocked candidate pairs of that kinship, a mixture
 *     of one person registered twice and housemates, with every m held at the trained value
 *     (a level's chance for one person is the same inside a home as anywhere) and u and the
 *     share of matches estimated. The household members take no part: every such pair agrees
 *     on them by construction.
 *   - m = P(one household | same person) is kept: EM cannot learn it from pairs that blocking
 *     found through those very fields.
 *
 * A kinship with too few candidate pairs keeps its settings.
 */
export interface HouseholdEstimate {
  readonly settings: HouseholdSettings;
  /** Random pairs in one household, of those drawn. */
  readonly randomInHousehold: number;
  readonly randomPairs: number;
  /** Candidate pairs EM learnt each kinship's conditional u from (0: kept). */
  readonly householdPairs: number;
  readonly familyPairs: number;
}

export interface HouseholdEstimateInput {
  readonly compiled: CompiledModel;
  /** Tells a pair's kinship (members and their agreeing levels). */
  readonly household: CompiledHousehold;
  /** The settings to estimate, with the conditional levels' m already trained. */
  readonly settings: HouseholdSettings;
  readonly records: readonly MatchFeatures[];
  readonly candidates: IndexPairs;
  /** Trained m and u of every comparison, in model order. */
  readonly m: LevelProbabilities;
  readonly u: LevelProbabilities;
  readonly seed: number;
  readonly randomPairs: number;
  readonly minPairs: number;
  readonly maxIterations: number;
  readonly tolerance: number;
}

/** Half a pair of smoothing, as for the other u: a store with no housemates drawn gets a small u. */
const SMOOTHING = 0.5;
/** Share of a kinship's candidate pairs assumed to be one person when EM starts. */
const START_LAMBDA = 0.5;

export function estimateHousehold(input: HouseholdEstimateInput): HouseholdEstimate {
  const { household, candidates } = input;
  const random = randomHouseholdShare(input);
  const vectors = comparisonVectors(input.compiled, input.records, candidates);
  const [inHousehold, inFamily] = [
    pairsOf(vectors, household, 'household'),
    pairsOf(vectors, household, 'family'),
  ];
  const settings = input.settings;
  const conditional = learnt(input, vectors, inHousehold, settings.conditional);
  const family = settings.family;
  return {
    settings: {
      ...settings,
      u: round((random.inHousehold + SMOOTHING) / (random.drawn + 2 * SMOOTHING)),
      conditional: conditional ?? settings.conditional,
      ...(family === undefined
        ? {}
        : {
            family: {
              ...family,
              conditional:
                learnt(input, vectors, inFamily, family.conditional) ?? family.conditional,
            },
          }),
    },
    randomInHousehold: random.inHousehold,
    randomPairs: random.drawn,
    householdPairs: conditional === undefined ? 0 : inHousehold.length,
    familyPairs: family === undefined || inFamily.length < input.minPairs ? 0 : inFamily.length,
  };
}

function randomHouseholdShare(input: HouseholdEstimateInput): {
  inHousehold: number;
  drawn: number;
} {
  const { records, household, compiled } = input;
  const n = records.length;
  const drawn = n < 2 ? 0 : Math.min(input.randomPairs, (n * (n - 1)) / 2);
  const next = mulberry32(input.seed);
  const levels = new Int8Array(compiled.comparisons.length).fill(-1);
  let inHousehold = 0;
  for (let p = 0; p < drawn; p++) {
    const i = randomIndex(next, n);
    let j = randomIndex(next, n - 1);
    if (j >= i) j++;
    for (const c of household.memberIndexes) {
      levels[c] =
        compiled.comparisons[c]?.comparator.level(
          records[i] as MatchFeatures,
          records[j] as MatchFeatures,
        ) ?? -1;
    }
    if (kinshipOf(household, levels) === 'household') inHousehold++;
  }
  return { inHousehold, drawn };
}

/** Indexes of the candidate pairs of one kinship. */
function pairsOf(
  vectors: ComparisonVectors,
  household: CompiledHousehold,
  kinship: Kinship,
): number[] {
  const found: number[] = [];
  for (let p = 0; p < vectors.count; p++) {
    const row = vectors.levels.subarray(p * vectors.width, (p + 1) * vectors.width);
    if (kinshipOf(household, row) === kinship) found.push(p);
  }
  return found;
}

/** The conditional comparisons with u learnt by EM over the given pairs; undefined if too few. */
function learnt(
  input: HouseholdEstimateInput,
  vectors: ComparisonVectors,
  pairs: readonly number[],
  conditional: readonly ConditionalComparison[],
): ConditionalComparison[] | undefined {
  if (pairs.length < input.minPairs || conditional.length === 0) return undefined;
  const { width } = vectors;
  const levels = new Int8Array(pairs.length * width);
  pairs.forEach((p, r) =>
    levels.set(vectors.levels.subarray(p * width, (p + 1) * width), r * width),
  );
  const members = new Set(input.household.memberIndexes);
  const result = expectationMaximisation(
    aggregatePatterns({ count: pairs.length, width, levels }),
    { lambda: START_LAMBDA, m: input.m, u: input.u },
    {
      fixM: true,
      fixU: false,
      active: input.compiled.comparisons.map((_, c) => !members.has(c)),
      maxIterations: input.maxIterations,
      tolerance: input.tolerance,
    },
  );
  const indexOf = (id: string): number =>
    input.compiled.comparisons.findIndex((c) => c.definition.id === id);
  return conditional.map((comparison) => {
    const u = result.u[indexOf(comparison.comparison)];
    return {
      ...comparison,
      levels: comparison.levels.map((level, l) => ({ ...level, u: round(u?.[l] ?? level.u) })),
    };
  });
}

/** Six significant digits, as the rest of a trained model. */
function round(value: number): number {
  return Number(value.toPrecision(6));
}
