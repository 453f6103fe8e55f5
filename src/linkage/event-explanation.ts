import { PairExplanation } from '../matching/score/explanation';

/**
 * The explanation kept with an automatic-link event: the prior, each comparison's level and
 * weight, the rule and the total, under the model version (whose m and u are kept in
 * `match_model`, so nothing is lost). Review tasks keep the full explanation, which stewards
 * read; every auto link writes one of these, and the full form tripled the event's size.
 */
export interface EventExplanation {
  modelVersion: number;
  prior: number;
  levels: [comparisonId: string, levelId: string, weight: number][];
  rule: string | null;
  totalWeight: number;
  probability: number;
  matchClass: string;
}

export function eventExplanation(full: PairExplanation): EventExplanation {
  return {
    modelVersion: full.modelVersion,
    prior: full.prior.weight,
    levels: full.comparisons
      .filter((c) => c.weight !== 0)
      .map((c) => [c.comparisonId, c.levelId, c.weight]),
    rule: full.rule?.rule ?? null,
    totalWeight: full.totalWeight,
    probability: full.probability,
    matchClass: full.matchClass,
  };
}
