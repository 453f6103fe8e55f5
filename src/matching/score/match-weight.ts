import { MatchClass } from '../model/match-class';
import { RuleFinding } from '../rules/rule-finding';

/**
 * Weights are log2 Bayes factors (bits): a level's weight is log2(m / u), the prior's is
 * log2(p / (1 - p)), and the total converts back to a probability with 2^w / (1 + 2^w).
 */
export interface ThresholdWeights {
  readonly certain: number;
  readonly probable: number;
  readonly possible: number;
}

export function weightOfProbability(probability: number): number {
  return Math.log2(probability / (1 - probability));
}

/** 2^w / (1 + 2^w), written so a large |w| cannot overflow. */
export function probabilityOfWeight(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}

export function levelWeight(m: number, u: number): number {
  return Math.log2(m / u);
}

export function classOfWeight(thresholds: ThresholdWeights, weight: number): MatchClass {
  if (weight >= thresholds.certain) return 'certain';
  if (weight >= thresholds.probable) return 'probable';
  if (weight >= thresholds.possible) return 'possible';
  return 'no-match';
}

/** The class after a deterministic rule: a match links, a conflict goes to review, a no is final. */
export function classAfterRule(modelClass: MatchClass, rule: RuleFinding | null): MatchClass {
  if (rule === null) return modelClass;
  switch (rule.outcome) {
    case 'match':
      return 'certain';
    case 'review':
      return 'probable';
    case 'no-match':
      return 'no-match';
  }
}
