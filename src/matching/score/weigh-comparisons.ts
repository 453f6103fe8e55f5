import { MatchFeatures } from '../record-types';
import { CompiledComparison, CompiledModel } from './compile-model';
import {
  Kinship,
  conditionalLevelsAt,
  conditionalOf,
  householdAdjustment,
  kinshipOf,
} from './compile-household';
import {
  TermFrequencyAdjustment,
  TermFrequencyLookup,
  termFrequencyAdjustment,
} from './term-frequency';

/** The comparisons of one pair, as weighPair and explainPair both read them. */
export interface WeighedComparisons {
  /** Prior log2-odds plus every comparison's weight plus the household adjustment. */
  readonly total: number;
  readonly sameHousehold: boolean;
  /** One household, one family name only, or neither (compile-household.ts). */
  readonly kinship: Kinship;
  /** Bits taken off the household members' sum so it counts once (<= 0). */
  readonly householdAdjustment: number;
}

/**
 * Levels first (into `compiled.scratchLevels`), since they decide the pair's kinship (one
 * household, one family name only, or neither); then weights (into `compiled.scratchWeights`):
 * for kin the conditional comparisons weigh by their kinship's levels, with no term-frequency
 * adjustment (a rare name shared inside one family says less about the person than between
 * strangers).
 * `adjustments`, when given, receives each comparison's term-frequency adjustment (by index).
 */
export function weighComparisons(
  compiled: CompiledModel,
  a: MatchFeatures,
  b: MatchFeatures,
  lookup: TermFrequencyLookup | undefined,
  adjustments?: (TermFrequencyAdjustment | null)[],
): WeighedComparisons {
  const { comparisons, scratchLevels: levels, scratchWeights: weights, household } = compiled;
  for (let i = 0; i < comparisons.length; i++) {
    levels[i] = (comparisons[i] as (typeof comparisons)[number]).comparator.level(a, b);
  }
  const kinship = household === null ? null : kinshipOf(household, levels);
  const sameHousehold = kinship === 'household';
  const conditionals = household === null ? null : conditionalOf(household, kinship);
  let total = compiled.priorWeight;
  for (let i = 0; i < comparisons.length; i++) {
    const comparison = comparisons[i] as (typeof comparisons)[number];
    const level = levels[i] as number;
    let weight: number;
    const conditional = conditionalLevelsAt(conditionals, i, levels)?.weights ?? null;
    if (level < 0) weight = 0;
    else if (conditional) weight = conditional[level] as number;
    else {
      weight = comparison.weights[level] as number;
      if (level === comparison.tfLevel && lookup !== undefined) {
        const adjustment = adjustmentFor(comparison, a, lookup);
        weight += adjustment?.weight ?? 0;
        if (adjustments) adjustments[i] = adjustment;
      }
    }
    weights[i] = weight;
    total += weight;
  }
  const adjustment =
    sameHousehold && household !== null ? householdAdjustment(household, weights) : 0;
  return { total: total + adjustment, sameHousehold, kinship, householdAdjustment: adjustment };
}

/** The adjustment of an exact match on `a`'s value (equal to `b`'s on that level). */
export function adjustmentFor(
  comparison: CompiledComparison,
  a: MatchFeatures,
  lookup: TermFrequencyLookup | undefined,
): TermFrequencyAdjustment | null {
  if (lookup === undefined) return null;
  const value = comparison.comparator.termFrequencyValue(a);
  if (value === null) return null;
  const u = comparison.definition.levels[comparison.tfLevel]?.u ?? 1;
  return termFrequencyAdjustment(u, lookup(comparison.definition.id, value), comparison.tfMinimumU);
}
