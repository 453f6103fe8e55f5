import { MatchClass } from '../matching/model/match-class';
import { OutcomeNote } from './fhir-resources';

/**
 * Which matches $match releases (pure). Input: active persons, best first, each at least
 * `possible`. Without onlyCertainMatches: every match, cut to `count`.
 *
 * With onlyCertainMatches the answer is the single best person, and only when it is beyond
 * doubt (IHE ITI-119 cases 3 to 5):
 *   - it is `certain`;
 *   - no other person is `certain` too (two persons who could each be the patient are a
 *     question for a steward, not an answer);
 *   - every `probable` rival is outweighed by at least the certain threshold's weight: the
 *     best must be certain against the runner-up as well as against the prior. (Twins with one
 *     SSN apart: the query bearing Jane's SSN is Jane, though Janet still scores probable.)
 *   - candidate retrieval was not cut short: an unread record might be a rival.
 * `possible` persons do not stand in the way; the MPI does not act on them either.
 */
/** What the selection looks at: a person's best score. */
export interface RankedPerson {
  personId: string;
  weight: number;
  matchClass: MatchClass;
}

export interface MatchSelection<T extends RankedPerson> {
  matches: T[];
  notes: OutcomeNote[];
}

export interface SelectionOptions {
  onlyCertainMatches: boolean;
  count: number;
  truncated: boolean;
  /** Weight (bits) of the certain threshold: the margin the best needs over a probable rival. */
  certainWeight: number;
}

const TRUNCATED_NOTE: OutcomeNote = {
  severity: 'warning',
  code: 'incomplete',
  diagnostics:
    'candidate retrieval was cut short (a blocking key is very common): a matching person may be missing',
};

export function selectMatches<T extends RankedPerson>(
  matches: readonly T[],
  options: SelectionOptions,
): MatchSelection<T> {
  if (options.onlyCertainMatches) return { matches: onlyCertain(matches, options), notes: [] };
  return {
    matches: matches.slice(0, options.count),
    notes: options.truncated ? [TRUNCATED_NOTE] : [],
  };
}

function onlyCertain<T extends RankedPerson>(
  matches: readonly T[],
  options: SelectionOptions,
): T[] {
  const [best, ...others] = matches;
  if (options.truncated || !best || best.matchClass !== 'certain') return [];
  const rival = others.some(
    (m) =>
      m.matchClass === 'certain' ||
      (m.matchClass === 'probable' && best.weight - m.weight < options.certainWeight),
  );
  return rival ? [] : [best];
}
