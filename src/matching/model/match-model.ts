/**
 * The match model as one value: plain, versioned, JSON-serialisable data. Scoring compiles it
 * (score/compile-model.ts); training returns a new one and never changes the old.
 *
 * Units and meanings:
 *   - `prior.probability`: the probability that two records drawn at random from the store
 *     belong to the same person (Splink's "probability two random records match"). Scoring
 *     adds its log2 odds to the comparison weights, so the result is the posterior for any
 *     pair however it was found: blocking only decides which pairs are looked at, and its
 *     evidence is already in the comparison levels. It falls as the store grows (about
 *     duplicates / (n^2 / 2)); retrain when the store changes size by an order of magnitude.
 *   - levels: `m` = P(level | same person), `u` = P(level | different people); weight
 *     log2(m / u). Levels are tried in order, the first whose test holds wins; the last must
 *     be `else`. When either side lacks the value the comparison takes the neutral level
 *     `missing` (weight 0), which is implicit and never listed.
 *   - `thresholds`: match probabilities (0..1), compared with the posterior probability;
 *     `certain` links automatically, `probable` goes to review, `possible` is shown only to
 *     `$match`. certain >= probable >= possible.
 */

import type { GuardName, GuardOverride } from './rule-settings';
import type { HouseholdSettings } from './household-settings';

export const MATCH_MODEL_FORMAT = 'mpi-match-model/1';

/** Which comparator a comparison uses (compare/comparison-kinds.ts). */
export type ComparisonKindName =
  | 'given-name'
  | 'family-name'
  | 'middle-name'
  | 'text'
  | 'address'
  | 'birth-date'
  | 'sex'
  | 'identifier'
  | 'other-identifier'
  | 'multiple-birth'
  | 'city'
  | 'email-local-part';

export interface LevelDefinition {
  /** Unique within the comparison; shown in explanations. */
  readonly id: string;
  readonly label: string;
  /** The comparator test this level applies; defaults to `id`. */
  readonly test?: string;
  /** Similarity threshold of a `jaro-winkler` test, in (0, 1]. */
  readonly threshold?: number;
  /** Number of leading characters a `prefix` test compares. */
  readonly length?: number;
  readonly m: number;
  readonly u: number;
}

/**
 * Term-frequency adjustment of one level (usually `exact`): the level's u is replaced by the
 * compared value's relative frequency in the store, never below `minimumU`.
 */
export interface TermFrequencySetting {
  readonly level: string;
  readonly minimumU: number;
}

export interface ComparisonDefinition {
  readonly id: string;
  readonly label: string;
  readonly kind: ComparisonKindName;
  /** Feature field for `text` (e.g. `postalCode`) and `identifier` (`ssn`, `phone`, `email`). */
  readonly field?: string;
  /** `other-identifier` only: compare just this assigning authority; all when absent. */
  readonly system?: string;
  readonly termFrequency?: TermFrequencySetting;
  readonly levels: readonly LevelDefinition[];
}

export interface MatchThresholds {
  readonly certain: number;
  readonly probable: number;
  readonly possible: number;
}

export interface DeterministicRuleSettings {
  /**
   * Authorities whose identifier, when equal, means the same person: `ssn` for the SSN
   * (assigned by the SSA), other-identifier systems by name, `*` for every other system.
   */
  readonly identifierAuthorities: readonly string[];
  /**
   * Conflict guards (rules/conflict-guards.ts): when one holds, a shared identifier does not
   * link on its own and a `certain` weight is held back to review.
   */
  readonly guards: readonly GuardName[];
  /**
   * When a listed guard may give way (rules/guard-overrides.ts): only to a nearly shared
   * identifier plus enough weight from the comparisons the conflict does not touch. Absent
   * (models before this setting): every guard is absolute.
   */
  readonly guardOverrides?: readonly GuardOverride[];
}

export interface MatchModel {
  readonly format: typeof MATCH_MODEL_FORMAT;
  /** Incremented by every training run. */
  readonly version: number;
  /** ISO timestamp of the training run that made this model, null for a hand-set one. */
  readonly trainedAt: string | null;
  readonly description?: string;
  readonly prior: { readonly probability: number };
  readonly comparisons: readonly ComparisonDefinition[];
  /** Blocking rule ids (blocking/blocking-rules.ts), each producing keys prefixed by its id. */
  readonly blockingRules: readonly string[];
  readonly thresholds: MatchThresholds;
  readonly deterministicRules: DeterministicRuleSettings;
  /**
   * Household evidence (model/household-settings.ts): fields a household shares count once,
   * and the person-level comparisons weigh differently inside one. Absent: every comparison
   * counts on its own, as in models before it.
   */
  readonly household?: HouseholdSettings;
}
