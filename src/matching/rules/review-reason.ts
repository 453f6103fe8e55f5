import { MatchFeatures } from '../record-types';
import { RuleFinding } from './rule-finding';

/**
 * Why a steward is asked, as one code the queue can be sorted and staffed by. The pair-level
 * codes come from what the scoring found (reviewReasonOfPair); the others from the link
 * decision: a record certain for two persons who are not one (`ambiguous`), a second record
 * of a deduplicating source (`same-source-duplicate`), a record that contradicts another of
 * the person's (`weak-chain`), two persons that look like one (`split-person`).
 */
export const REVIEW_REASONS = [
  'possible-twin',
  'shared-identifier-conflict',
  'generational',
  'household-member',
  'ambiguous',
  'same-source-duplicate',
  'weak-chain',
  'split-person',
  'uncertain',
] as const;

export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** What the reason of a pair is read from: its rule finding and household. */
export interface ReviewedPair {
  readonly rule: RuleFinding | null;
  readonly sameHousehold: boolean;
}

export function reviewReasonOfPair(
  pair: ReviewedPair,
  a: MatchFeatures,
  b: MatchFeatures | undefined,
): ReviewReason {
  const guard = pair.rule?.guard;
  if (
    guard === 'different-birth-order' ||
    guard === 'ssns-issued-together' ||
    guard === 'alike-names-of-one-birth-date'
  )
    return 'possible-twin';
  if (guard === 'suffix-conflict' || guard === 'generational') return 'generational';
  if (pair.rule?.rule === 'shared-identifier-conflict') return 'shared-identifier-conflict';
  if (!pair.sameHousehold) return 'uncertain';
  return b !== undefined && a.birthDate !== null && a.birthDate === b.birthDate
    ? 'possible-twin'
    : 'household-member';
}
