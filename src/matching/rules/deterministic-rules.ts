import { DeterministicRuleSettings } from '../model/match-model';
import { sharedIdentifierAuthority } from './identifier-authority';
import { MatchFeatures } from '../record-types';
import { MatchClass } from '../model/match-class';
import { GuardName } from '../model/rule-settings';
import { GUARDS, PairContext } from './conflict-guards';
import {
  CompiledOverride,
  compileOverride,
  nearIdentifierAuthority,
  nearPersonalIdentifierAuthority,
  overrideAdmits,
  personalNumbersDiffer,
} from './guard-overrides';
import { RuleFinding } from './rule-finding';

/**
 * Rules that decide around the model's weight:
 *   1. a pair a data steward declared "not a match" is a hard no, whatever the evidence;
 *   2. a `certain` weight links only when no conflict guard holds. Fellegi-Sunter treats
 *      fields as independent, but twins and household members agree on much together and
 *      so can outscore the few fields that tell them apart; a sharp conflict sends the pair to
 *      review -- unless the model lets that guard give way (guard-overrides.ts) and the pair
 *      brings the evidence the override asks for: then the link stands, as
 *      `guard-overridden`, naming the guard it passed;
 *   3. identifiers are evidence, not verdicts: an SSN, MRN or other number shared under one
 *      authority weighs heavily in the model, but links only as any certain pair does. When
 *      the rest contradicts it (a parent's number on a child's record, one MRN reused for two
 *      family members, a mistyped number landing on a stranger), the pair is not certain, and
 *      the shared number sends it to review instead of letting it pass unseen.
 */
/** What the rules read of a scored pair. */
export interface ScoredPair extends PairContext {
  readonly a: MatchFeatures;
  readonly b: MatchFeatures;
  readonly hardNo: boolean;
  /** The class the weight alone gives. */
  readonly modelClass: MatchClass;
  /** Prior plus every comparison's weight and the household adjustment. */
  readonly totalWeight: number;
  /** Each comparison's part of it (model order), which guard overrides weigh. */
  readonly comparisonWeights: ArrayLike<number>;
}

export type DeterministicRules = (pair: ScoredPair) => RuleFinding | null;

const STEWARD_NO: RuleFinding = {
  rule: 'steward-not-a-match',
  outcome: 'no-match',
  reason: 'a data steward declared this pair not a match',
};

interface Conflict {
  readonly name: GuardName;
  readonly reason: string;
  /** Set when the guard held but its override admitted the pair. */
  readonly overriddenBy?: string;
  /** Set when it held for want of evidence only (ConflictGuard.unconfirmed). */
  readonly unconfirmed?: true;
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
  /**
   * The first guard that holds, is not overridden and says two people; else the first that
   * holds for want of evidence only; else the first overridden one; else null.
   */
  const conflictOf = (pair: ScoredPair): Conflict | null => {
    const { a, b, sameHousehold, sameFamily } = pair;
    const nearIdentifier = nearIdentifierAuthority(authorities, a, b, sameHousehold) !== null;
    const nearPersonalIdentifier =
      nearIdentifier && nearPersonalIdentifierAuthority(authorities, a, b, sameHousehold) !== null;
    const context = {
      sameHousehold,
      sameFamily,
      nearIdentifier,
      nearPersonalIdentifier,
      personalNumbersDiffer: personalNumbersDiffer(authorities, a, b, sameHousehold),
    };
    let unconfirmed: Conflict | null = null;
    let overridden: Conflict | null = null;
    for (const { name, guard, override } of guards) {
      if (!guard.holds(pair.a, pair.b, context)) continue;
      const by = override === undefined ? null : overrideAdmits(override, authorities, pair);
      if (by !== null) overridden ??= { name, reason: guard.reason, overriddenBy: by };
      else if (guard.unconfirmed?.(pair.a, pair.b) !== true) return { name, reason: guard.reason };
      else unconfirmed ??= { name, reason: guard.reason, unconfirmed: true };
    }
    return unconfirmed ?? overridden;
  };
  return (pair) => {
    if (pair.hardNo) return STEWARD_NO;
    const authority = sharedIdentifierAuthority(authorities, pair.a, pair.b);
    if (pair.modelClass !== 'certain')
      // The conflict, if one holds, names the reason a steward reads.
      return authority === null ? null : sharedIdentifierConflict(authority, conflictOf(pair));
    const conflict = conflictOf(pair);
    if (conflict === null) return null;
    if (conflict.overriddenBy !== undefined) return overriddenFinding(conflict);
    if (authority !== null) return sharedIdentifierConflict(authority, conflict);
    const reason = `automatic link held back: ${conflict.reason}`;
    return {
      rule: 'auto-link-guard',
      outcome: 'review',
      guard: conflict.name,
      ...(conflict.unconfirmed ? { unconfirmed: true } : {}),
      reason,
    };
  };
}

/** No guard stands, and one that held gave way to the evidence its override asks for. */
function overriddenFinding(conflict: Conflict): RuleFinding {
  return {
    rule: 'guard-overridden',
    outcome: 'match',
    authority: conflict.overriddenBy,
    guard: conflict.name,
    reason: `${conflict.reason}, but a ${conflict.overriddenBy} identifier within one edit and the other evidence outweigh it`,
  };
}

function sharedIdentifierConflict(authority: string, found: Conflict | null): RuleFinding {
  // An override admits a certain pair only; below certain the guard that held is the reason.
  const conflict = found === null ? null : { name: found.name, reason: found.reason };
  const what = conflict === null ? 'the other demographics do not confirm it' : conflict.reason;
  return {
    rule: 'shared-identifier-conflict',
    outcome: 'review',
    authority,
    ...(conflict === null ? {} : { guard: conflict.name }),
    ...(found?.unconfirmed ? { unconfirmed: true } : {}),
    reason: `shared ${authority} identifier, conflicting demographics: ${what}`,
  };
}
