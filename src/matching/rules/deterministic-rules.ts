import { DeterministicRuleSettings } from '../model/match-model';
import { sharedIdentifierAuthority } from './identifier-authority';
import { MatchFeatures } from '../record-types';
import { MatchClass } from '../score/match-weight';
import { GUARDS, GuardName } from './conflict-guards';
import { CompiledOverride, compileOverride, overrideAdmits } from './guard-overrides';

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
 *      them apart; a sharp conflict on such a field sends the pair to review -- unless the
 *      model lets that guard give way (guard-overrides.ts) and the pair brings the evidence
 *      the override asks for (a nearly shared identifier and enough weight besides): then the
 *      link stands, as `guard-overridden`, naming the guard it passed.
 */
export type RuleOutcome = 'match' | 'review' | 'no-match';
export type RuleId =
  | 'steward-not-a-match'
  | 'same-identifier'
  | 'same-identifier-conflict'
  | 'auto-link-guard'
  | 'guard-overridden';

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

/**
 * Runs the rules; `modelClass` is the class the weight alone gives, `totalWeight` the pair's
 * weight and `comparisonWeights` each comparison's part of it (model order), which guard
 * overrides weigh.
 */
export type DeterministicRules = (
  a: MatchFeatures,
  b: MatchFeatures,
  hardNo: boolean,
  modelClass: MatchClass,
  totalWeight: number,
  comparisonWeights: ArrayLike<number>,
) => RuleFinding | null;

interface Conflict {
  readonly name: GuardName;
  readonly reason: string;
  /** Set when the guard held but its override admitted the pair. */
  readonly overriddenBy?: string;
}

export function compileDeterministicRules(
  settings: DeterministicRuleSettings,
  comparisonIds: readonly string[] = [],
): DeterministicRules {
  const authorities = new Set(settings.identifierAuthorities);
  const overrides = new Map<GuardName, CompiledOverride>(
    (settings.guardOverrides ?? []).map((o) => [o.guard, compileOverride(o, comparisonIds)]),
  );
  const guards = settings.guards.map((name) => ({
    name,
    guard: GUARDS[name],
    override: overrides.get(name),
  }));
  /** The first guard that holds and is not overridden; else the first overridden one; else null. */
  const conflictOf = (
    a: MatchFeatures,
    b: MatchFeatures,
    sharedIdentifier: boolean,
    totalWeight: number,
    comparisonWeights: ArrayLike<number>,
  ): Conflict | null => {
    let overridden: Conflict | null = null;
    for (const { name, guard, override } of guards) {
      if (sharedIdentifier && !guard.checksSharedIdentifier) continue;
      if (!guard.holds(a, b)) continue;
      const by =
        override === undefined
          ? null
          : overrideAdmits(override, authorities, a, b, totalWeight, comparisonWeights);
      if (by === null) return { name, reason: guard.reason };
      overridden ??= { name, reason: guard.reason, overriddenBy: by };
    }
    return overridden;
  };
  return (a, b, hardNo, modelClass, totalWeight, comparisonWeights) => {
    if (hardNo) return STEWARD_NO;
    const authority = sharedIdentifierAuthority(authorities, a, b);
    if (authority === null && modelClass !== 'certain') return null;
    const conflict = conflictOf(a, b, authority !== null, totalWeight, comparisonWeights);
    if (conflict?.overriddenBy !== undefined) {
      // No guard stands, and one that held gave way to the evidence its override asks for.
      return {
        rule: 'guard-overridden',
        outcome: 'match',
        authority: conflict.overriddenBy,
        guard: conflict.name,
        reason: `${conflict.reason}, but a ${conflict.overriddenBy} identifier within one edit and the other evidence outweigh it`,
      };
    }
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
