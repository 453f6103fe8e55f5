import { MatchModel } from '../model/match-model';
import { MatchFeatures } from '../record-types';
import { RuleFinding } from '../rules/deterministic-rules';
import { CompiledModel, asCompiled } from './compile-model';
import { PairExplanation, adjustmentFor, explainPair } from './explanation';
import { MatchClass, classAfterRule, classOfWeight, probabilityOfWeight } from './match-weight';
import { TermFrequencyLookup } from './term-frequency';

/**
 * Fellegi-Sunter scoring of one pair: deterministic rules first, then the prior log-odds plus
 * each comparison's level weight (log2 m/u, a missing value weighs 0), turned into a
 * probability and a class by the model's thresholds.
 *
 * Two entry points: `scorePair` returns the explanation with the score (review, audit,
 * `$match`, `/api/compare`); `weighPair` is the hot path for ranking many candidates and builds
 * no explanation. Both give the same weight to the last bit.
 */
export interface ScoreContext {
  /** A data steward declared this pair not a match: a hard no. */
  readonly hardNo?: boolean;
  /** Store frequencies of name values, for the term-frequency adjustment. */
  readonly termFrequency?: TermFrequencyLookup;
  /** Show the compared values in the explanation (default: hidden). Identifiers never show. */
  readonly reveal?: boolean;
}

export interface PairWeight {
  /** Total match weight in bits: prior log2-odds plus every comparison's weight. */
  readonly weight: number;
  readonly probability: number;
  /** The decision: the model's class, overridden by a deterministic rule when one fired. */
  readonly matchClass: MatchClass;
  readonly modelClass: MatchClass;
  readonly rule: RuleFinding | null;
}

export interface PairScore extends PairWeight {
  readonly explanation: PairExplanation;
}

export function scorePair(
  model: MatchModel | CompiledModel,
  a: MatchFeatures,
  b: MatchFeatures,
  context: ScoreContext = {},
): PairScore {
  const explanation = explainPair(asCompiled(model), a, b, context);
  return {
    weight: explanation.totalWeight,
    probability: explanation.probability,
    matchClass: explanation.matchClass,
    modelClass: explanation.modelClass,
    rule: explanation.rule,
    explanation,
  };
}

export function weighPair(
  model: MatchModel | CompiledModel,
  a: MatchFeatures,
  b: MatchFeatures,
  context: ScoreContext = {},
): PairWeight {
  const compiled = asCompiled(model);
  const lookup = context.termFrequency;
  let total = compiled.priorWeight;
  const comparisons = compiled.comparisons;
  const weights = compiled.scratchWeights;
  for (let i = 0; i < comparisons.length; i++) {
    const comparison = comparisons[i] as (typeof comparisons)[number];
    const level = comparison.comparator.level(a, b);
    if (level < 0) {
      weights[i] = 0;
      continue;
    }
    let weight = comparison.weights[level] as number;
    if (level === comparison.tfLevel && lookup !== undefined) {
      weight += adjustmentFor(comparison, a, lookup)?.weight ?? 0;
    }
    weights[i] = weight;
    total += weight;
  }
  const modelClass = classOfWeight(compiled.thresholdWeights, total);
  const rule = compiled.rules(a, b, context.hardNo === true, modelClass, total, weights);
  return {
    weight: total,
    probability: probabilityOfWeight(total),
    matchClass: classAfterRule(modelClass, rule),
    modelClass,
    rule,
  };
}
