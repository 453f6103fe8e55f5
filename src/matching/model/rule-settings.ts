/**
 * The vocabulary a model uses to configure its deterministic rules: the conflict guards it
 * names (rules/conflict-guards.ts implements them) and the overrides that let a guard give way
 * (rules/guard-overrides.ts). Here, below both the model and the rules, so neither imports
 * the other.
 */
export const GUARD_NAMES = [
  'different-birth-order',
  'ssns-issued-together',
  'household-names',
  'suffix-conflict',
  'generational',
  'household-person-unconfirmed',
  'birth-date-conflict',
  'sex-and-birth-date-conflict',
  'given-name-conflict',
  'given-name-and-birth-date-conflict',
  'given-name-and-sex-conflict',
  'names-conflict',
  'birth-date-and-numbers-conflict',
  'alike-names-of-one-birth-date',
  'family-name-and-birth-date-conflict',
  'no-name-in-common',
  'middle-name-conflict',
] as const;

export type GuardName = (typeof GUARD_NAMES)[number];

export function isGuardName(name: string): name is GuardName {
  return (GUARD_NAMES as readonly string[]).includes(name);
}

/**
 * A conflict guard made evidence-aware. A guard on one field (a given name, a birth date) is
 * absolute by default, because twins and a father and son outscore it on everything else they
 * share. But a field can also be replaced wholesale by a clerk (FEBRL's generator does exactly
 * that), and then the guard costs a true link. An override lets such a guard give way only to
 * evidence twins and relatives do not have:
 *   - `corroboration`: what must agree besides. `identifier-within-one-edit`: under one of the
 *     model's identifier authorities both records carry the same number or numbers one edit
 *     apart (a typo). Twins, parents and children carry numbers of their own. Numbers one edit apart that differ only in their last character do not
 *     count (see `nearIdentifierAuthority`);
 *   - `excluding`: the comparisons the conflict is about. Their weight is left out, so the
 *     rest must stand on its own;
 *   - `minimumOtherWeight`: bits the pair must reach without them (prior included), so a near
 *     number plus a few weak agreements is still not enough;
 *   - `agreeing`: comparisons that must agree (a level of positive weight), not merely be
 *     missing: a clerk who replaced the given name left the birth date, and a number with the
 *     date blank on one side is a number alone (a father's SSN on his son's record).
 * Overrides are explicit model parameters, versioned with the model.
 */
export const CORROBORATIONS = ['identifier-within-one-edit'] as const;
export type Corroboration = (typeof CORROBORATIONS)[number];

export interface GuardOverride {
  readonly guard: GuardName;
  readonly corroboration: Corroboration;
  /** Comparison ids whose weight does not count towards `minimumOtherWeight`. */
  readonly excluding: readonly string[];
  /** Least weight in bits of the prior plus every comparison not excluded. */
  readonly minimumOtherWeight: number;
  /** Comparison ids that must agree (positive weight) for the override to admit a pair. */
  readonly agreeing: readonly string[];
}

export function isCorroboration(name: string): name is Corroboration {
  return (CORROBORATIONS as readonly string[]).includes(name);
}
