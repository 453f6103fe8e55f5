/**
 * Household evidence, after Newcombe (Methods Inf Med 1993): family name, address, phone,
 * e-mail and mother's maiden name describe a household, not a person. Scored as independent
 * comparisons they add up to some 34 bits for any two people of one home, so twins, siblings
 * and a parent and child outscore the few fields that tell them apart. Two changes to the
 * model follow (an interaction, as in Winkler's log-linear models or fastLink's
 * `cond.indep = FALSE`):
 *
 *   - when at least `minimumAgreeing` members agree (each at one of its listed levels), the
 *     pair is in one household, and the members' weights together count at most
 *     log2(m / u) bits: m = P(one household | same person), u = P(one household | two
 *     people), about (household size - 1) / store size;
 *   - inside one household, the `conditional` comparisons (given name, birth date) weigh
 *     their levels with m and u measured among the pairs of one household, where two people
 *     share a birth date (twins) or a similar given name far more often than strangers do.
 */
export interface HouseholdMember {
  /** A comparison id of the model. */
  readonly comparison: string;
  /** Its levels that count as agreement on the household. */
  readonly agreeing: readonly string[];
}

export interface ConditionalLevel {
  readonly id: string;
  readonly m: number;
  readonly u: number;
}

/** A person-level comparison's levels inside one household: every level, in model order. */
export interface ConditionalComparison {
  readonly comparison: string;
  readonly levels: readonly ConditionalLevel[];
  /**
   * Levels of other comparisons under any of which these levels do not apply and the
   * comparison weighs as between strangers. Inside a home a shared birth date stands for
   * twins, and twins never carry one given name or its spelling (parents give them alike real
   * names: the `alike-names` level), so a given name that agrees as one person's rules the
   * twins out; so does a record that says its birth was no multiple birth.
   */
  readonly unless?: readonly HouseholdMember[];
}

/**
 * Pairs that agree on the family name and on no other household field: relatives living
 * apart. Among them twins share a birth date far more often than strangers do (about one
 * same-surname pair in 500 that is not one person is a pair of twins, against one in 30,000
 * strangers sharing a date), so the conditional comparisons weigh by these levels.
 */
export interface FamilySettings {
  /** The member (a comparison id) whose agreement alone makes the pair one family. */
  readonly member: string;
  /**
   * Levels of a comparison that rule the family level out: relatives never share a given
   * name, so the same name and birth date under one surname is one person who moved.
   */
  readonly unless: HouseholdMember;
  readonly conditional: readonly ConditionalComparison[];
}

export interface HouseholdSettings {
  readonly members: readonly HouseholdMember[];
  readonly minimumAgreeing: number;
  readonly m: number;
  readonly u: number;
  readonly conditional: readonly ConditionalComparison[];
  readonly family?: FamilySettings;
}
