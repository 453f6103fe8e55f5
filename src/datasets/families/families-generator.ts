import { buildNicknameTable, shareNicknameGroup } from '../../matching/normalize/nickname-table';
import { foldText } from '../../matching/normalize/text-fold';
import { Random, seededRandom } from '../seeded-random';
import { nicknameIndex } from '../synthetic-patients';
import { frequencyNames, NameFrequencies } from '../synthetic-name-source';
import { SOURCE_PROFILES, SyntheticSource } from '../synthetic-sources';
import { FAMILY_FACTS } from './family-facts';
import { FamilyPerson } from './family-person';
import { buildPopulation, FamilyNames } from './family-population';
import { FamilyRecord } from './family-record';
import { registrationsOf } from './family-registrations';
import { FamilyRow, toFamilyRow } from './family-rows';
import { SeedHousehold } from './household-seed';
import { applyNoise, NoiseContext } from './record-noise';

/**
 * The families population (docs/families-population.md): pseudopeople's census households
 * turned into patients of five sources, with the hard cases real registries meet at their
 * published rates, and every record tagged with what it is and what was done to it.
 */
export interface FamiliesOptions {
  readonly people: number;
  readonly seed: number | string;
  readonly households: readonly SeedHousehold[];
  readonly names: NameFrequencies;
  /** `[formal, nickname]` pairs (data/reference/nicknames). */
  readonly nicknames: readonly (readonly [string, string])[];
}

export function familyNames(
  tables: NameFrequencies,
  nicknames: readonly (readonly [string, string])[],
): FamilyNames {
  const source = frequencyNames(tables);
  const table = buildNicknameTable(
    nicknames.map(([formal, nickname]) => [foldText(formal), foldText(nickname)]),
  );
  return {
    given: {
      draw: (random, sex) => source.given(random, sex),
      pool: (sex) => (sex === 'male' ? tables.male.names : tables.female.names),
      sameName: (a, b) => shareNicknameGroup(table, foldText(a), foldText(b)),
    },
    surname: (random) => source.surname(random),
  };
}

function householdMembers(people: readonly FamilyPerson[]): Map<string, FamilyPerson[]> {
  const members = new Map<string, FamilyPerson[]>();
  for (const p of people) members.set(p.household.id, [...(members.get(p.household.id) ?? []), p]);
  return members;
}

/** MRNs are handed out in output order, so a number says nothing about who is related. */
function assignMrns(records: readonly FamilyRecord[], random: Random): void {
  const next = new Map<SyntheticSource, number>();
  for (const record of records) {
    const current = next.get(record.source) ?? random.between(10_000, 99_999);
    next.set(record.source, current + 1 + random.int(3));
    record.mrn = SOURCE_PROFILES[record.source].mrn(current);
  }
}

function nicknameRate(people: readonly FamilyPerson[], has: (name: string) => boolean): number {
  const share =
    people.filter((p) => has(p.given.toLowerCase())).length / Math.max(1, people.length);
  return share === 0 ? 0 : FAMILY_FACTS.cellNoise / share;
}

/** The population and its records, in the order they happened, MRNs handed out. */
export interface Families {
  readonly people: readonly FamilyPerson[];
  readonly records: readonly FamilyRecord[];
}

/**
 * Records in the order they happened: a feed delivers them so, and a CSV import takes the
 * order for time (a maiden name before the married one). A shuffle first, so one day's
 * records come in no set order.
 */
function inTimeOrder(records: readonly FamilyRecord[], random: Random): FamilyRecord[] {
  return random.shuffled(records).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Every row of the population, oldest first; the same options give the same rows. */
export function generateFamilyRows(options: FamiliesOptions): FamilyRow[] {
  return buildFamilies(options).records.map(toFamilyRow);
}

/** The people and their records; the same options give the same ones. */
export function buildFamilies(options: FamiliesOptions): Families {
  if (!Number.isInteger(options.people) || options.people < 0) {
    throw new Error('families: people must be a whole number >= 0');
  }
  const people = buildPopulation(
    options.households,
    options.people,
    familyNames(options.names, options.nicknames),
    seededRandom(`${options.seed}:families:people`),
  );
  const random = seededRandom(`${options.seed}:families:records`);
  const members = householdMembers(people);
  const byPerson = new Map(people.map((p) => [p, registrationsOf(p, { random, members })]));
  const nicknames = nicknameIndex(options.nicknames);
  const context: NoiseContext = {
    random,
    nicknames,
    nicknameRate: nicknameRate(people, (name) => nicknames.has(name)),
    members,
    referralOf: (p) =>
      byPerson.get(p)?.find((r) => r.source === 'hospital' || r.source === 'clinic'),
  };
  const records = [...byPerson.values()].flat();
  for (const record of records) applyNoise(record, context);
  const order = seededRandom(`${options.seed}:families:order`);
  const ordered = inTimeOrder(records, order);
  assignMrns(ordered, order);
  return { people, records: ordered };
}
