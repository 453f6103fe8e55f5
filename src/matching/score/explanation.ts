import { DisplayedValues, MISSING_LEVEL, MISSING_LEVEL_ID } from '../compare/comparator';
import { MatchFeatures } from '../record-types';
import { RuleFinding } from '../rules/deterministic-rules';
import { CompiledComparison, CompiledModel } from './compile-model';
import { MatchClass, classAfterRule, classOfWeight, probabilityOfWeight } from './match-weight';
import {
  TermFrequencyAdjustment,
  TermFrequencyLookup,
  termFrequencyAdjustment,
} from './term-frequency';

/**
 * Why a pair scored as it did, the one structure the review queue, the audit trail, `$match`
 * and `/api/compare` show: the prior, then each comparison's level, the two values as the
 * caller may see them, m, u, weight and any term-frequency adjustment, then the total and its
 * margin to each threshold. prior.weight plus every comparison's weight is totalWeight (a
 * waterfall, as Splink draws it).
 */
export interface ComparisonExplanation {
  readonly comparisonId: string;
  readonly label: string;
  /** `missing` when either side lacks the value (neutral, weight 0). */
  readonly levelId: string;
  readonly levelLabel: string;
  /** Values as the caller may see them: hidden unless revealed; identifiers as relation words. */
  readonly values: DisplayedValues;
  readonly m: number | null;
  readonly u: number | null;
  readonly termFrequency: TermFrequencyAdjustment | null;
  /** log2(m / u) plus the term-frequency adjustment; 0 for the missing level. */
  readonly weight: number;
}

export interface ThresholdMargin {
  readonly probability: number;
  readonly weight: number;
  /** totalWeight minus the threshold's weight, in bits: >= 0 means the threshold is reached. */
  readonly margin: number;
}

export interface PairExplanation {
  readonly modelVersion: number;
  readonly prior: { readonly probability: number; readonly weight: number };
  /** The deterministic rule that decided the class, if any. */
  readonly rule: RuleFinding | null;
  readonly comparisons: readonly ComparisonExplanation[];
  readonly totalWeight: number;
  readonly probability: number;
  /** The class from the weight alone, before deterministic rules. */
  readonly modelClass: MatchClass;
  readonly matchClass: MatchClass;
  readonly thresholds: {
    readonly certain: ThresholdMargin;
    readonly probable: ThresholdMargin;
    readonly possible: ThresholdMargin;
  };
  readonly valuesRevealed: boolean;
}

export interface ExplainOptions {
  readonly hardNo?: boolean;
  readonly termFrequency?: TermFrequencyLookup;
  readonly reveal?: boolean;
}

const MISSING_LABEL = 'missing on one or both sides';

export function explainPair(
  compiled: CompiledModel,
  a: MatchFeatures,
  b: MatchFeatures,
  options: ExplainOptions = {},
): PairExplanation {
  const reveal = options.reveal === true;
  let total = compiled.priorWeight;
  const comparisons = compiled.comparisons.map((comparison) => {
    const explained = explainComparison(comparison, a, b, reveal, options.termFrequency);
    total += explained.weight;
    return explained;
  });
  const modelClass = classOfWeight(compiled.thresholdWeights, total);
  const rule = compiled.rules(
    a,
    b,
    options.hardNo === true,
    modelClass,
    total,
    comparisons.map((c) => c.weight),
  );
  const margin = (probability: number, weight: number): ThresholdMargin => ({
    probability,
    weight,
    margin: total - weight,
  });
  const { thresholds } = compiled.model;
  return {
    modelVersion: compiled.model.version,
    prior: { probability: compiled.model.prior.probability, weight: compiled.priorWeight },
    rule,
    comparisons,
    totalWeight: total,
    probability: probabilityOfWeight(total),
    modelClass,
    matchClass: classAfterRule(modelClass, rule),
    thresholds: {
      certain: margin(thresholds.certain, compiled.thresholdWeights.certain),
      probable: margin(thresholds.probable, compiled.thresholdWeights.probable),
      possible: margin(thresholds.possible, compiled.thresholdWeights.possible),
    },
    valuesRevealed: reveal,
  };
}

function explainComparison(
  comparison: CompiledComparison,
  a: MatchFeatures,
  b: MatchFeatures,
  reveal: boolean,
  lookup: TermFrequencyLookup | undefined,
): ComparisonExplanation {
  const { definition, comparator } = comparison;
  const level = comparator.level(a, b);
  const chosen = level === MISSING_LEVEL ? undefined : definition.levels[level];
  const termFrequency =
    chosen !== undefined && level === comparison.tfLevel
      ? adjustmentFor(comparison, a, lookup)
      : null;
  // One literal with every field in one order: the explanation is built per candidate shown.
  return {
    comparisonId: definition.id,
    label: definition.label,
    levelId: chosen?.id ?? MISSING_LEVEL_ID,
    levelLabel: chosen?.label ?? MISSING_LABEL,
    values: comparator.display(a, b, level, reveal),
    m: chosen?.m ?? null,
    u: chosen?.u ?? null,
    termFrequency,
    weight:
      chosen === undefined ? 0 : (comparison.weights[level] ?? 0) + (termFrequency?.weight ?? 0),
  };
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
