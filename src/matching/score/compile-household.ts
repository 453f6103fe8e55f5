import { MISSING_LEVEL } from '../compare/comparator';
import {
  ConditionalComparison,
  ConditionalLevel,
  HouseholdMember,
  HouseholdSettings,
} from '../model/household-settings';
import { ComparisonDefinition } from '../model/match-model';
import { levelWeight } from './match-weight';

/**
 * What a pair shares beyond the person: one household (enough household fields agree), one
 * family name and nothing else of a household (relatives living apart), or neither.
 */
export type Kinship = 'household' | 'family' | null;

/** Levels of one comparison (1 = in the set), by its index in the model. */
interface CompiledLevelSet {
  readonly index: number;
  readonly levels: Uint8Array;
}

/** Conditional comparisons of one kinship level, by model comparison index. */
export interface CompiledConditional {
  /** Per model comparison: its levels at this kinship, or null when not conditional. */
  readonly levels: readonly (readonly ConditionalLevel[] | null)[];
  /** Per model comparison: log2(m / u) of those levels, or null. */
  readonly weights: readonly (Float64Array | null)[];
  /** Per model comparison: the other comparisons' levels that lift the condition (any one). */
  readonly unless: readonly (readonly CompiledLevelSet[])[];
}

/**
 * The household settings (model/household-settings.ts) resolved against the model's
 * comparison order, for the hot path: which level of which comparison agrees on the
 * household, the composite's weight, and each conditional comparison's level weights.
 */
export interface CompiledHousehold {
  readonly settings: HouseholdSettings;
  /** Comparison indexes of the members. */
  readonly memberIndexes: readonly number[];
  /** Per member (same order): 1 where that level agrees on the household. */
  readonly agreeing: readonly Uint8Array[];
  /** log2(m / u): the most the members' weights count together inside one household. */
  readonly weight: number;
  readonly household: CompiledConditional;
  /** Index into the members of the family member, -1 without family settings. */
  readonly familyMember: number;
  /** Comparison index and levels (1 = rules out) of the family level's exception, or null. */
  readonly familyUnless: CompiledLevelSet | null;
  readonly family: CompiledConditional;
}

export function compileHousehold(
  settings: HouseholdSettings | undefined,
  comparisons: readonly ComparisonDefinition[],
): CompiledHousehold | null {
  if (settings === undefined) return null;
  const indexOf = (id: string): number => comparisons.findIndex((c) => c.id === id);
  return {
    settings,
    memberIndexes: settings.members.map((member) => indexOf(member.comparison)),
    agreeing: settings.members.map((member) => {
      const levels = comparisons[indexOf(member.comparison)]?.levels ?? [];
      return Uint8Array.from(levels, (level) => (member.agreeing.includes(level.id) ? 1 : 0));
    }),
    weight: levelWeight(settings.m, settings.u),
    household: compileConditional(settings.conditional, comparisons),
    familyMember: settings.members.findIndex((m) => m.comparison === settings.family?.member),
    familyUnless: compileUnless(settings, comparisons),
    family: compileConditional(settings.family?.conditional ?? [], comparisons),
  };
}

function compileUnless(
  settings: HouseholdSettings,
  comparisons: readonly ComparisonDefinition[],
): CompiledLevelSet | null {
  const unless = settings.family?.unless;
  return unless === undefined ? null : compileLevelSet(unless, comparisons);
}

function compileLevelSet(
  set: HouseholdMember,
  comparisons: readonly ComparisonDefinition[],
): CompiledLevelSet {
  const index = comparisons.findIndex((c) => c.id === set.comparison);
  const levels = comparisons[index]?.levels ?? [];
  return {
    index,
    levels: Uint8Array.from(levels, (level) => (set.agreeing.includes(level.id) ? 1 : 0)),
  };
}

/** Whether the pair's level of the set's comparison is one of the set (never when missing). */
function inLevelSet(set: CompiledLevelSet, levels: ArrayLike<number>): boolean {
  const level = levels[set.index] as number;
  return level !== MISSING_LEVEL && set.levels[level] === 1;
}

function compileConditional(
  conditional: readonly ConditionalComparison[],
  comparisons: readonly ComparisonDefinition[],
): CompiledConditional {
  const found = comparisons.map((c) => conditional.find((x) => x.comparison === c.id));
  const levels = found.map((x) => x?.levels ?? null);
  return {
    levels,
    weights: levels.map((l) =>
      l === null ? null : Float64Array.from(l, (x) => levelWeight(x.m, x.u)),
    ),
    unless: found.map((x) => (x?.unless ?? []).map((set) => compileLevelSet(set, comparisons))),
  };
}

/**
 * The conditional levels comparison `index` weighs by, given every comparison's level: null
 * when it is not conditional at this kinship, or when its `unless` set lifts the condition.
 */
export function conditionalLevelsAt(
  conditional: CompiledConditional | null,
  index: number,
  levels: ArrayLike<number>,
): { readonly levels: readonly ConditionalLevel[]; readonly weights: Float64Array } | null {
  if (conditional === null) return null;
  const own = conditional.levels[index] ?? null;
  const weights = conditional.weights[index] ?? null;
  if (own === null || weights === null) return null;
  const unless = conditional.unless[index] ?? [];
  return unless.some((set) => inLevelSet(set, levels)) ? null : { levels: own, weights };
}

/** The pair's kinship, given each comparison's level (MISSING_LEVEL when absent). */
export function kinshipOf(household: CompiledHousehold, levels: ArrayLike<number>): Kinship {
  let agreeing = 0;
  let familyAgrees = false;
  const { memberIndexes } = household;
  for (let i = 0; i < memberIndexes.length; i++) {
    const level = levels[memberIndexes[i] as number] as number;
    if (level === MISSING_LEVEL || household.agreeing[i]?.[level] !== 1) continue;
    agreeing++;
    if (i === household.familyMember) familyAgrees = true;
  }
  if (agreeing >= household.settings.minimumAgreeing) return 'household';
  if (!familyAgrees) return null;
  const unless = household.familyUnless;
  return unless !== null && inLevelSet(unless, levels) ? null : 'family';
}

/** The conditional comparisons of a kinship level. */
export function conditionalOf(
  household: CompiledHousehold,
  kinship: Kinship,
): CompiledConditional | null {
  if (kinship === 'household') return household.household;
  if (kinship === 'family') return household.family;
  return null;
}

/** The members' weights together, as scored one by one. */
export function memberWeight(household: CompiledHousehold, weights: ArrayLike<number>): number {
  let total = 0;
  for (const index of household.memberIndexes) total += weights[index] as number;
  return total;
}

/**
 * What brings the members' summed weight down to the household composite: negative when they
 * add up to more than log2(m / u), else 0 (disagreeing members keep their full weight).
 */
export function householdAdjustment(
  household: CompiledHousehold,
  weights: ArrayLike<number>,
): number {
  return Math.min(0, household.weight - memberWeight(household, weights));
}
