import { MatchModel } from '../model/match-model';
import { MatchFeatures } from '../record-types';
import { RuleFinding } from '../rules/rule-finding';
import { CompiledModel, asCompiled } from './compile-model';
import { PairExplanation, explainPair } from './explanation';
import { MatchClass } from '../model/match-class';
import { classAfterRule, classOfWeight, probabilityOfWeight } from './match-weight';
import { TermFrequencyLookup } from './term-frequency';
import { WeighedComparisons, weighComparisons } from './weigh-comparisons';

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
  /** Enough household fields agree: household evidence counted once (household-settings.ts). */
  readonly sameHousehold: boolean;
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
    sameHousehold: explanation.sameHousehold,
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
  const weighed = weighComparisons(compiled, a, b, context.termFrequency);
  const total = weighed.total;
  const modelClass = classOfWeight(compiled.thresholdWeights, total);
  const rule = rulesOf(compiled, a, b, context, weighed, modelClass);
  return {
    weight: total,
    probability: probabilityOfWeight(total),
    matchClass: classAfterRule(modelClass, rule),
    modelClass,
    rule,
    sameHousehold: weighed.sameHousehold,
  };
}

/**
 * Whether two records contradict each other as two people do: the evidence weighs plainly
 * against (below `floorBits`, the chain guard's bound on a record joining a person), or a
 * conflict guard would hold back even a certain link between them (twins of one household, a
 * parent and child, strangers under one number). Records of one person split over two
 * persons by a typo or a move do neither, and are proposed for a merge instead; so does a
 * record without a given name that no person-level field confirmed (RuleFinding.unconfirmed).
 */
export function pairContradicts(
  model: MatchModel | CompiledModel,
  a: MatchFeatures,
  b: MatchFeatures,
  context: ScoreContext = {},
  floorBits = 0,
): boolean {
  const compiled = asCompiled(model);
  const weighed = weighComparisons(compiled, a, b, context.termFrequency);
  if (weighed.total < floorBits) return true;
  const rule = rulesOf(compiled, a, b, context, weighed, 'certain');
  return rule !== null && rule.outcome !== 'match' && rule.unconfirmed !== true;
}

/** The deterministic rules on a pair just weighed (its weights still in the scratch space). */
function rulesOf(
  compiled: CompiledModel,
  a: MatchFeatures,
  b: MatchFeatures,
  context: ScoreContext,
  weighed: WeighedComparisons,
  modelClass: MatchClass,
): RuleFinding | null {
  return compiled.rules({
    a,
    b,
    hardNo: context.hardNo === true,
    modelClass,
    totalWeight: weighed.total,
    comparisonWeights: compiled.scratchWeights,
    sameHousehold: weighed.sameHousehold,
    sameFamily: weighed.kinship === 'family',
  });
}
