import { Random } from '../seeded-random';
import { CityPool, EMAIL_DOMAINS } from '../synthetic-address-pools';
import { FAMILY_FACTS } from './family-facts';
import { placeHousehold } from './family-households';
import { newPhone, newSsn } from './family-identifiers';
import { addCoMultiples, GivenNames, makeMultiples, multipleChances } from './family-multiples';
import { marriedNames, namesakes } from './family-names';
import { ageOn, FamilyHousehold, FamilyPerson, relate } from './family-person';
import { relateHousehold, seedMultiples } from './family-relations';
import { SeedHousehold, SeedPerson } from './household-seed';

/**
 * The true people of the families population: the seed's households in a seeded order (again,
 * under other surnames, SSNs and house numbers, once the seed runs out), with multiples,
 * namesakes, married names, SSNs and contact details added by the published rates.
 */
export interface FamilyNames {
  readonly given: GivenNames;
  surname(random: Random): string;
}

interface Build {
  readonly random: Random;
  readonly names: FamilyNames;
  readonly seed: readonly SeedHousehold[];
  readonly usedSsns: Set<string>;
  /** For children, net of the seed's own multiples; adults' co-twins all have to be added. */
  readonly chances: { twin: number; triplet: number };
  readonly adultChances: { twin: number; triplet: number };
  readonly marriedInWindow: number;
}

const isAdult = (p: FamilyPerson): boolean => ageOn(p, FAMILY_FACTS.referenceDate) >= 18;

/** Multiples among children (those with a guardian), and married people among everyone. */
function seedShares(seed: readonly SeedHousehold[]): { multiples: number; married: number } {
  let people = 0;
  let children = 0;
  let multiples = 0;
  let married = 0;
  for (const household of seed) {
    people += household.length;
    married += household.filter((p) => /spouse/.test(p.relationship)).length * 2;
    const births = new Map<string, number>();
    for (const p of household) {
      if (p.guardians.length === 0) continue;
      children++;
      const key = `${p.guardians[0]}|${p.birthDate}`;
      births.set(key, (births.get(key) ?? 0) + 1);
    }
    for (const n of births.values()) if (n > 1) multiples += n;
  }
  return { multiples: multiples / Math.max(1, children), married: married / people };
}

/**
 * A seed person, or in a copy of the seed (past its 10,387 people) a new person of the same
 * household shape: another given name and a birth date moved back by the household's shift,
 * so copies are not near-clones of the seed's people (one name, one date, one street).
 */
function toPerson(
  s: SeedPerson,
  prefix: string,
  household: FamilyHousehold,
  build: Build,
  shiftDays: number,
) {
  const copy = prefix !== '';
  const person: FamilyPerson = {
    entityId: `fam-${prefix}${s.id}`,
    household,
    sex: s.sex,
    given: copy ? build.names.given.draw(build.random, s.sex) : s.given,
    middle: s.middle,
    family: s.family,
    birthDate: copy ? daysEarlier(s.birthDate, shiftDays) : s.birthDate,
    ssn: prefix === '' && s.ssn && !build.usedSsns.has(s.ssn) ? s.ssn : undefined,
    guardians: s.guardians.map((g) => `fam-${prefix}${g}`),
    relations: [],
    traits: new Set(),
  };
  if (person.ssn) build.usedSsns.add(person.ssn);
  return person;
}

/** Parents and siblings of a new co-twin know about it too. */
function mirrorRelations(twin: FamilyPerson, people: readonly FamilyPerson[]): void {
  for (const r of twin.relations) {
    const other = people.find((p) => p.entityId === r.entity);
    if (!other) continue;
    if (r.kind === 'child-of') relate(other, 'parent-of', twin);
    if (r.kind === 'sibling-of') relate(other, 'sibling-of', twin);
  }
}

/** How many co-multiples to add: 2 (triplets), 1 (twins) or none. */
function coMultiples(random: Random, chances: { twin: number; triplet: number }): number {
  const draw = random.next();
  return draw < chances.triplet ? 2 : draw < chances.triplet + chances.twin ? 1 : 0;
}

/** Co-twins of children, in the child's household. */
function addMultiples(people: FamilyPerson[], build: Build): FamilyPerson[] {
  const { random } = build;
  const added: FamilyPerson[] = [];
  for (const child of [...people]) {
    if (isAdult(child) || child.multipleBirth !== undefined || child.household.groupQuarters)
      continue;
    const count = coMultiples(random, build.chances);
    if (count === 0) continue;
    const twins = addCoMultiples(child, count, random);
    for (const twin of twins) {
      twin.middle = child.middle ? build.names.given.draw(random, twin.sex) : undefined;
      mirrorRelations(twin, [...people, ...added]);
    }
    added.push(...twins);
    makeMultiples([child, ...twins], build.names.given, build.usedSsns, random);
  }
  return added;
}

/** A street of the seed town that is not a group quarters, for a household of one. */
function someHome(build: Build): SeedPerson {
  for (;;) {
    const person = build.random.pick(build.random.pick(build.seed));
    if (!person.groupQuarters) return person;
  }
}

/**
 * Co-twins of adults, each living apart in a household of one: same birth date, birth surname
 * and mother, their own name (as twins are named), SSN, address and contacts.
 */
function addAdultCoTwins(people: readonly FamilyPerson[], build: Build): FamilyPerson[] {
  const { random } = build;
  const added: FamilyPerson[] = [];
  for (const adult of people) {
    if (!isAdult(adult) || adult.multipleBirth !== undefined) continue;
    const count = coMultiples(random, build.adultChances);
    if (count === 0) continue;
    const twins = addCoMultiples(adult, count, random).map((twin) => {
      const place = placeHousehold(
        `hh-${twin.entityId}`,
        someHome(build),
        someHome(build),
        random,
        true,
      );
      const apart: FamilyPerson = {
        ...twin,
        household: place.household,
        family: adult.birthFamily ?? adult.family,
      };
      apart.middle = adult.middle ? build.names.given.draw(random, apart.sex) : undefined;
      mirrorRelations(apart, people);
      return { apart, city: place.city };
    });
    makeMultiples([adult, ...twins.map((t) => t.apart)], build.names.given, build.usedSsns, random);
    for (const { apart, city } of twins) {
      apart.ssn ??= newSsn(random, build.usedSsns);
      contacts([apart], city, build);
      added.push(apart);
    }
  }
  return added;
}

function contacts(people: readonly FamilyPerson[], city: CityPool, build: Build): void {
  const { random } = build;
  for (const p of people) {
    if (!isAdult(p)) continue;
    if (random.chance(FAMILY_FACTS.adultsWithCellphone))
      p.mobile = newPhone(random, city.areaCodes);
    if (random.chance(FAMILY_FACTS.adultsWithEmail)) {
      const local = `${p.given}.${p.family}`.toLowerCase().replace(/[^a-z.]/g, '');
      const number = random.chance(0.5) ? String(random.between(1, 99)) : '';
      p.email = `${local}${number}@${random.pick(EMAIL_DOMAINS)}`;
    }
  }
}

function mothersMaidenNames(people: readonly FamilyPerson[], build: Build): void {
  for (const p of people) {
    const mother = people.find(
      (m) =>
        m.sex === 'female' &&
        p.relations.some((r) => r.kind === 'child-of' && r.entity === m.entityId),
    );
    p.mothersMaidenName = mother
      ? (mother.birthFamily ?? mother.family)
      : build.names.surname(build.random);
  }
}

function buildHousehold(seed: SeedHousehold, copy: number, build: Build): FamilyPerson[] {
  const { random } = build;
  const prefix = copy === 0 ? '' : `c${copy}-`;
  const head = seed.find((s) => s.relationship === 'Reference person') ?? (seed[0] as SeedPerson);
  const elsewhere = random.pick(random.pick(build.seed));
  const place = placeHousehold(`hh-${prefix}${head.household}`, head, elsewhere, random, copy > 0);
  const shiftDays = copy === 0 ? 0 : random.between(30, 3650);
  const people = seed.map((s) => toPerson(s, prefix, place.household, build, shiftDays));
  if (copy > 0) {
    const surnames = new Map<string, string>();
    for (const p of people) {
      const surname = surnames.get(p.family) ?? build.names.surname(random);
      surnames.set(p.family, surname);
      p.family = surname;
    }
  }
  relateHousehold(seed, people);
  for (const group of seedMultiples(people)) {
    makeMultiples(group, build.names.given, build.usedSsns, random);
  }
  marriedNames(people, () => build.names.surname(random), build.marriedInWindow, random);
  namesakes(people, random);
  const all = [...people, ...addMultiples(people, build)];
  for (const p of all) p.ssn ??= newSsn(random, build.usedSsns);
  contacts(all, place.city, build);
  mothersMaidenNames(all, build);
  return [...all, ...addAdultCoTwins(people, build)];
}

function daysEarlier(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - days * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

/** At least `count` people (whole households), the same for the same seed. */
export function buildPopulation(
  seed: readonly SeedHousehold[],
  count: number,
  names: FamilyNames,
  random: Random,
): FamilyPerson[] {
  const shares = seedShares(seed);
  const build: Build = {
    random,
    names,
    seed,
    usedSsns: new Set(),
    chances: multipleChances(shares.multiples),
    adultChances: multipleChances(0),
    marriedInWindow: Math.min(
      1,
      (FAMILY_FACTS.windowYears * FAMILY_FACTS.marryingPerPersonYear) / shares.married,
    ),
  };
  const order = random.shuffled(seed);
  const people: FamilyPerson[] = [];
  for (let copy = 0; people.length < count && order.length > 0; copy++) {
    for (const household of order) {
      if (people.length >= count) break;
      people.push(...buildHousehold(household, copy, build));
    }
  }
  return people;
}
