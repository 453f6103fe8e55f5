import { NameFrequencies } from '../config/name-frequencies';
import { NicknameTable } from '../matching/normalize/nickname-table';
import {
  Contributor,
  GoldenRecord,
  Pins,
  SurvivorshipContext,
  SurvivorshipRules,
} from './golden-record';
import { GoldenForms } from './stored-golden';
import { computeGoldenRecord } from './survivorship';

/** Stored records carrying each name, as NameFrequencyRepository counts them. */
export interface NameCounts {
  given: Map<string, number>;
  family: Map<string, number>;
}

/** One person's golden record to compute: its records and its pins. */
export interface GoldenTask {
  contributors: Contributor[];
  pins: Pins | undefined;
}

/** A computed golden record, with its stored forms when the computer made them too. */
export interface ComputedGolden {
  golden: GoldenRecord;
  forms?: GoldenForms;
}

/**
 * Computes the golden records of tasks, in their order: inline by default, on a bulk load's
 * preparation threads when it passes one (the same function under the same rules and data).
 */
export type GoldenComputer = (
  tasks: readonly GoldenTask[],
  counts: NameCounts,
) => Promise<ComputedGolden[]>;

/**
 * How common each name is: people carrying it in the reference population plus stored records
 * carrying it. A stored count of one is left out: it may be this person's own typo, and a
 * typo is no one's name.
 */
export function survivorshipContext(
  reference: NameFrequencies,
  nicknames: NicknameTable,
  counts: NameCounts,
): SurvivorshipContext {
  const stored = (map: Map<string, number>, name: string): number => {
    const count = map.get(name) ?? 0;
    return count >= 2 ? count : 0;
  };
  return {
    nicknames,
    givenFrequency: (name) => (reference.given.get(name) ?? 0) + stored(counts.given, name),
    familyFrequency: (name) => (reference.family.get(name) ?? 0) + stored(counts.family, name),
  };
}

export function computeGoldens(
  tasks: readonly GoldenTask[],
  rules: SurvivorshipRules,
  context: SurvivorshipContext,
): GoldenRecord[] {
  return tasks.map((t) => computeGoldenRecord(t.contributors, rules, t.pins, context));
}
