/**
 * What to do with one record once it has been scored against its candidates: a pure
 * function, so the policy can be read and tested on its own.
 *
 * - certain for one person: link to it (auto).
 * - certain for several: link to the best, propose merging the others (review).
 * - probable at best: the record gets a person of its own meanwhile, so it is never lost,
 *   and a steward is asked whether it belongs to the candidate.
 * - possible or less: a person of its own; `possible` is only ever shown to $match.
 */
import { MatchFeatures } from '../matching/record-types';

export type MatchClass = 'certain' | 'probable' | 'possible' | 'no-match';

export interface PersonScore {
  personId: string;
  /** Best pair with one of the person's records. */
  bestRecordId: string;
  /** That record's features, to explain the pair when someone will read it. */
  bestFeatures?: MatchFeatures;
  weight: number;
  probability: number;
  matchClass: MatchClass;
  explanation: unknown;
  /** Weakest pair of the record with the person's other records, when the chain guard ran. */
  weakestWeight?: number;
}

export type ReviewKind =
  'possible-match' | 'merge-persons' | 'same-source-duplicate' | 'weak-chain';

export interface ReviewProposal {
  kind: ReviewKind;
  candidate: PersonScore;
}

export interface LinkDecision {
  /** The person to link to, or null for a person of its own. */
  linkTo: PersonScore | null;
  reviews: ReviewProposal[];
}

/** Persons sorted best first (ties by id, so two instances decide the same). */
export function rankPersons(scores: PersonScore[]): PersonScore[] {
  return [...scores].sort((a, b) => b.weight - a.weight || a.personId.localeCompare(b.personId));
}

export function decideLink(scores: PersonScore[], chainGuardWeight: number): LinkDecision {
  const ranked = rankPersons(scores);
  const certain = ranked.filter((s) => s.matchClass === 'certain');
  const best = certain[0];
  if (best) {
    if (best.weakestWeight !== undefined && best.weakestWeight < chainGuardWeight) {
      // Joining would chain this record to records it plainly disagrees with: ask first.
      return { linkTo: null, reviews: [{ kind: 'weak-chain', candidate: best }] };
    }
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
