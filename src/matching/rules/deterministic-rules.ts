import { DeterministicRuleSettings } from '../model/match-model';
import { MatchFeatures } from '../record-types';
import { MatchClass } from '../score/match-weight';
import { GUARDS, GuardName } from './conflict-guards';

/**
 * Rules that decide around the model's weight:
 *   1. a pair a data steward declared "not a match" is a hard no, whatever the evidence;
 *   2. the same identifier token under the same assigning authority (SSN: the SSA; other
 *      identifiers: their system) is the same person -- unless a conflict guard fires. Shared
 *      numbers are how overlays happen (a parent's SSN on a child's registration, twins
 *      registered under one number), so then the pair goes to review instead;
 *   3. the same guards hold back an automatic link the weight alone would make. Fellegi-Sunter
 *      treats fields as independent, but twins and household members agree on family name,
 *      address, phone and often birth date together, and so outscore the few fields that tell
 *      them apart; a sharp conflict on such a field sends the pair to review.
 */
export type RuleOutcome = 'match' | 'review' | 'no-match';
export type RuleId =
  'steward-not-a-match' | 'same-identifier' | 'same-identifier-conflict' | 'auto-link-guard';

export interface RuleFinding {
  readonly rule: RuleId;
  readonly outcome: RuleOutcome;
  /** `ssn` or the other identifier's system, for the identifier rules. */
  readonly authority?: string;
  /** The conflict guard that fired, if any. */
  readonly guard?: GuardName;
  readonly reason: string;
}

const STEWARD_NO: RuleFinding = {
  rule: 'steward-not-a-match',
  outcome: 'no-match',
  reason: 'a data steward declared this pair not a match',
};

/** Runs the rules; `modelClass` is the class the weight alone gives. */
export type DeterministicRules = (
  a: MatchFeatures,
  b: MatchFeatures,
  hardNo: boolean,
  modelClass: MatchClass,
) => RuleFinding | null;

export function compileDeterministicRules(settings: DeterministicRuleSettings): DeterministicRules {
  const authorities = new Set(settings.identifierAuthorities);
  const guards = settings.guards.map((name) => ({ name, guard: GUARDS[name] }));
  const firstConflict = (
    a: MatchFeatures,
    b: MatchFeatures,
    sharedIdentifier: boolean,
  ): { name: GuardName; reason: string } | null => {
    for (const { name, guard } of guards) {
      if (sharedIdentifier && !guard.checksSharedIdentifier) continue;
      if (guard.holds(a, b)) return { name, reason: guard.reason };
    }
    return null;
  };
  return (a, b, hardNo, modelClass) => {
    if (hardNo) return STEWARD_NO;
    const authority = sharedIdentifierAuthority(authorities, a, b);
    if (authority === null && modelClass !== 'certain') return null;
    const conflict = firstConflict(a, b, authority !== null);
    if (authority === null) {
      if (conflict === null) return null;
      const reason = `automatic link held back: ${conflict.reason}`;
      return { rule: 'auto-link-guard', outcome: 'review', guard: conflict.name, reason };
    }
    if (conflict === null)
      return {
        rule: 'same-identifier',
        outcome: 'match',
        authority,
        reason: `same ${authority} identifier`,
      };
    return {
      rule: 'same-identifier-conflict',
      outcome: 'review',
      authority,
      guard: conflict.name,
      reason: `same ${authority} identifier but ${conflict.reason}: possible overlay`,
    };
  };
}

/** The authority under which both records carry the same token, or null. */
export function sharedIdentifierAuthority(
  authorities: ReadonlySet<string>,
  a: MatchFeatures,
  b: MatchFeatures,
): string | null {
  if (a.keyId !== b.keyId) return null;
  if (authorities.has('ssn') && a.ssn !== null && b.ssn !== null && a.ssn.token === b.ssn.token)
    return 'ssn';
  if (a.otherIdentifiers.length === 0 || b.otherIdentifiers.length === 0) return null;
  const anySystem = authorities.has('*');
  for (const x of a.otherIdentifiers) {
    if (!anySystem && !authorities.has(x.system)) continue;
    for (const y of b.otherIdentifiers) {
      if (x.system === y.system && x.token === y.token) return x.system;
    }
  }
  return null;
}
