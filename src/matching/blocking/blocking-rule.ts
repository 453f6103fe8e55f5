import { FeatureField } from '../compare/comparator';
import { MatchFeatures } from '../record-types';

/**
 * Blocking rules as tiny pure functions from a record's features to key values (after
 * dedupe's predicates). Two records become candidates when they share a key under the same
 * rule. Each rule must be selective: a key shared by thousands of records floods the scorer
 * (the store caps candidates per key), so broad attributes are always combined with a second
 * one. Rules also name the fields they read: on pairs found by a rule those fields agree more
 * than chance, which training has to know.
 */
export interface BlockingRule {
  readonly id: string;
  readonly description: string;
  readonly fields: readonly FeatureField[];
  /** Key values (without the rule prefix); empty when the record lacks the fields. */
  readonly keys: (features: MatchFeatures) => readonly string[];
}
