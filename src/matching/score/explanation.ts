import { DisplayedValues, MISSING_LEVEL, MISSING_LEVEL_ID } from '../compare/comparator';
import { MatchFeatures } from '../record-types';
import { RuleFinding } from '../rules/rule-finding';
import {
  CompiledConditional,
  CompiledHousehold,
  Kinship,
  conditionalLevelsAt,
  conditionalOf,
} from './compile-household';
import { CompiledComparison, CompiledModel } from './compile-model';
import { MatchClass } from '../model/match-class';
import { classAfterRule, classOfWeight, probabilityOfWeight } from './match-weight';
import { TermFrequencyAdjustment, TermFrequencyLookup } from './term-frequency';
import { weighComparisons } from './weigh-comparisons';

/** Comparison id of the household line of a waterfall. */
export const HOUSEHOLD_COMPARISON_ID = 'household';

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
  /**
   * Each comparison in model order; a pair in one household ends with a `household` line
   * that brings the household fields' sum down to the household's own weight.
   */
  readonly comparisons: readonly ComparisonExplanation[];
  /** Enough household fields agree (model/household-settings.ts). */
  readonly sameHousehold: boolean;
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
  const adjustments: (TermFrequencyAdjustment | null)[] = [];
  const weighed = weighComparisons(compiled, a, b, options.termFrequency, adjustments);
  const total = weighed.total;
  const levels = Array.from(compiled.scratchLevels);
  const weights = Float64Array.from(compiled.scratchWeights);
  const comparisons = compiled.comparisons.map((comparison, i) =>
    explainComparison(comparison, a, b, levels[i] ?? MISSING_LEVEL, {
      reveal,
      termFrequency: adjustments[i] ?? null,
      weight: weights[i] ?? 0,
      conditional:
        compiled.household === null ? null : conditionalOf(compiled.household, weighed.kinship),
      kinship: weighed.kinship,
      index: i,
      levels,
    }),
  );
  if (weighed.sameHousehold && compiled.household !== null)
    comparisons.push(explainHousehold(compiled, levels, weighed.householdAdjustment));
  const modelClass = classOfWeight(compiled.thresholdWeights, total);
  const rule = compiled.rules({
    a,
    b,
    hardNo: options.hardNo === true,
    modelClass,
    totalWeight: total,
    comparisonWeights: weights,
    sameHousehold: weighed.sameHousehold,
    sameFamily: weighed.kinship === 'family',
  });
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
    sameHousehold: weighed.sameHousehold,
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

interface ComparisonContext {
  readonly reveal: boolean;
  readonly termFrequency: TermFrequencyAdjustment | null;
  /** The comparison's weight as weighComparisons found it. */
  readonly weight: number;
  /** Set for kin: the conditional comparisons read their levels there. */
  readonly conditional: CompiledConditional | null;
  readonly kinship: Kinship;
  readonly index: number;
  /** Every comparison's level: a condition may be lifted by another comparison's level. */
  readonly levels: readonly number[];
}

function explainComparison(
  comparison: CompiledComparison,
  a: MatchFeatures,
  b: MatchFeatures,
  level: number,
  context: ComparisonContext,
): ComparisonExplanation {
  const { definition, comparator } = comparison;
  const chosen = level === MISSING_LEVEL ? undefined : definition.levels[level];
  const conditional =
    chosen === undefined
      ? undefined
      : conditionalLevelsAt(context.conditional, context.index, context.levels)?.levels[level];
  const termFrequency = context.termFrequency;
  // One literal with every field in one order: the explanation is built per candidate shown.
  return {
    comparisonId: definition.id,
    label: definition.label,
    levelId: chosen?.id ?? MISSING_LEVEL_ID,
    levelLabel:
      chosen === undefined
        ? MISSING_LABEL
        : conditional === undefined
          ? chosen.label
          : `${chosen.label} (${context.kinship === 'household' ? 'inside one household' : 'same family name, living apart'})`,
    values: comparator.display(a, b, level, context.reveal),
    m: conditional?.m ?? chosen?.m ?? null,
    u: conditional?.u ?? chosen?.u ?? null,
    termFrequency,
    weight: context.weight,
  };
}

/**
 * The household composite as one more line of the waterfall: the members scored one by one
 * above, and this line takes off what they add beyond the household's own weight.
 */
function explainHousehold(
  compiled: CompiledModel,
  levels: readonly number[],
  adjustment: number,
): ComparisonExplanation {
  const household = compiled.household as CompiledHousehold;
  const agreeing = household.memberIndexes
    .filter((index, i) => {
      const level = levels[index] ?? MISSING_LEVEL;
      return level !== MISSING_LEVEL && household.agreeing[i]?.[level] === 1;
    })
    .map((index) => compiled.comparisons[index]?.definition.id ?? '');
  return {
    comparisonId: HOUSEHOLD_COMPARISON_ID,
    label: 'Household evidence, counted once',
    levelId: 'same-household',
    levelLabel: `${agreeing.join(', ')} agree: one household, worth ${household.weight.toFixed(2)} bits together`,
    values: [agreeing.join(', '), null],
    m: household.settings.m,
    u: household.settings.u,
    termFrequency: null,
    weight: adjustment,
  };
}
