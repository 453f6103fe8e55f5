import { GuardName } from '../model/rule-settings';

/** What the deterministic rules decided about a pair (deterministic-rules.ts), and why. */
export type RuleOutcome = 'match' | 'review' | 'no-match';
export type RuleId =
  'steward-not-a-match' | 'shared-identifier-conflict' | 'auto-link-guard' | 'guard-overridden';

export interface RuleFinding {
  readonly rule: RuleId;
  readonly outcome: RuleOutcome;
  /** `ssn` or the other identifier's system, when the two share a number. */
  readonly authority?: string;
  /** The conflict guard that fired, if any. */
  readonly guard?: GuardName;
  /**
   * The guard held for want of a person-level field (a record without a given name inside a
   * household), not because two fields differ: it holds back a link, but says nothing of two
   * people, so two persons such a pair joins may still be one person split by it.
   */
  readonly unconfirmed?: true;
  readonly reason: string;
}
