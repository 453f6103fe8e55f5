/**
 * What to do with one record once it has been scored against its candidates: a pure
 * function, so the policy can be read and tested on its own.
 *
 * - certain for one person: link to it (auto).
 * - certain for several that may be one person (their records do not contradict each other):
 *   link to the best, propose merging the others (review).
 * - certain for two that are not one person (they contradict each other, as twins do), or
 *   certain for one while another person of the record's household comes within a margin:
 *   no link; one `ambiguous` task names both (Oracle's master index, `OneExactMatch`).
 * - probable at best: the record gets a person of its own meanwhile, so it is never lost,
 *   and a steward is asked whether it belongs to the candidate.
 * - possible or less: a person of its own; `possible` is only ever shown to $match.
 */
import { MatchFeatures } from '../matching/record-types';
import { MatchClass } from '../matching/model/match-class';
import { RuleFinding } from '../matching/rules/rule-finding';
import { rankPersons } from '../matching/score/rank-persons';

export interface PersonScore {
  personId: string;
  /** Best pair with one of the person's records. */
  bestRecordId: string;
  /** That record's features, to explain the pair when someone will read it. */
  bestFeatures?: MatchFeatures;
  weight: number;
  probability: number;
  matchClass: MatchClass;
  rule: RuleFinding | null;
  /** The record and the person's best record share a household. */
  sameHousehold: boolean;
  explanation: unknown;
  /** Weakest pair of the record with the person's other records, when the chain guard ran. */
  weakestWeight?: number;
}

export type ReviewKind =
  'possible-match' | 'merge-persons' | 'same-source-duplicate' | 'weak-chain' | 'ambiguous';

export interface ReviewProposal {
  kind: ReviewKind;
  candidate: PersonScore;
  /** The other person an `ambiguous` record could as well belong to. */
  rival?: PersonScore;
}

export interface LinkDecision {
  /** The person to link to, or null for a person of its own. */
  linkTo: PersonScore | null;
  reviews: ReviewProposal[];
}

export interface LinkPolicy {
  /** Weakest pair (bits) a record may have with a person it joins automatically. */
  readonly chainGuardWeight: number;
  /** Bits below the best within which another person of the household holds a link back. */
  readonly householdRivalMargin: number;
  /** Whether two candidate persons may be one person: their best records do not contradict. */
  readonly samePerson: (x: PersonScore, y: PersonScore) => boolean;
}

export function decideLink(scores: PersonScore[], policy: LinkPolicy): LinkDecision {
  const ranked = rankPersons(scores);
  const certain = ranked.filter((s) => s.matchClass === 'certain');
  const best = certain[0];
  if (best) {
    if (best.weakestWeight !== undefined && best.weakestWeight < policy.chainGuardWeight) {
      // Joining would chain this record to records it plainly disagrees with: ask first.
      return { linkTo: null, reviews: [{ kind: 'weak-chain', candidate: best }] };
    }
    const rival = ranked.find((s) => s !== best && isRival(best, s, policy));
    if (rival) return { linkTo: null, reviews: [{ kind: 'ambiguous', candidate: best, rival }] };
    return {
      linkTo: best,
      reviews: certain.slice(1).map((candidate) => ({ kind: 'merge-persons' as const, candidate })),
    };
  }
  const probable = ranked.find((s) => s.matchClass === 'probable');
  return {
    linkTo: null,
    reviews: probable ? [{ kind: 'possible-match', candidate: probable }] : [],
  };
}

/** Another person the record is as good as certain for, who is not the best one's person. */
function isRival(best: PersonScore, other: PersonScore, policy: LinkPolicy): boolean {
  const close =
    other.matchClass === 'certain' ||
    (other.sameHousehold && other.weight >= best.weight - policy.householdRivalMargin);
  return close && !policy.samePerson(best, other);
}
