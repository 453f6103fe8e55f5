import { MISSING_LEVEL } from '../compare/comparator';
import { ConditionalLevel, HouseholdSettings } from '../model/household-settings';
import { ComparisonDefinition } from '../model/match-model';
import { levelWeight } from './match-weight';

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
  /** Per model comparison: its levels inside one household, or null when not conditional. */
  readonly conditionalLevels: readonly (readonly ConditionalLevel[] | null)[];
  /** Per model comparison: log2(m / u) of those levels, or null. */
  readonly conditionalWeights: readonly (Float64Array | null)[];
}

export function compileHousehold(
  settings: HouseholdSettings | undefined,
  comparisons: readonly ComparisonDefinition[],
): CompiledHousehold | null {
  if (settings === undefined) return null;
  const indexOf = (id: string): number => comparisons.findIndex((c) => c.id === id);
  const conditionalLevels = comparisons.map(
    (c) => settings.conditional.find((x) => x.comparison === c.id)?.levels ?? null,
  );
  return {
    settings,
    memberIndexes: settings.members.map((member) => indexOf(member.comparison)),
    agreeing: settings.members.map((member) => {
      const levels = comparisons[indexOf(member.comparison)]?.levels ?? [];
      return Uint8Array.from(levels, (level) => (member.agreeing.includes(level.id) ? 1 : 0));
    }),
    weight: levelWeight(settings.m, settings.u),
    conditionalLevels,
    conditionalWeights: conditionalLevels.map((levels) =>
      levels === null ? null : Float64Array.from(levels, (l) => levelWeight(l.m, l.u)),
    ),
  };
}

/** Whether enough members agree, given each comparison's level (MISSING_LEVEL when absent). */
export function inOneHousehold(household: CompiledHousehold, levels: ArrayLike<number>): boolean {
  let agreeing = 0;
  const { memberIndexes } = household;
  for (let i = 0; i < memberIndexes.length; i++) {
    const level = levels[memberIndexes[i] as number] as number;
    if (level !== MISSING_LEVEL && household.agreeing[i]?.[level] === 1) agreeing++;
  }
  return agreeing >= household.settings.minimumAgreeing;
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
