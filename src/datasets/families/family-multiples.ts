import { Random } from '../seeded-random';
import { FAMILY_FACTS } from './family-facts';
import { FamilyPerson, relate } from './family-person';
import { consecutiveSsn } from './family-identifiers';
import { TwinNameKind, coTwinName, twinNameKind } from './twin-names';

/**
 * Twins and triplets: named as parents name them (twin-names.ts), one sex or two, and numbered
 * in sequence by SSA when enumerated at birth before randomization.
 */
export interface GivenNames {
  draw(random: Random, sex: 'male' | 'female'): string;
  pool(sex: 'male' | 'female'): readonly string[];
  /** One name in two forms (John / Jack, Anthony / Tony): parents never give twins both. */
  sameName(a: string, b: string): boolean;
}

/**
 * The chances that a child gets a co-twin, or two co-triplets, so that twins and triplets make
 * up their share of births once the seed's own multiples (`seedShare` of the people) count.
 */
export function multipleChances(seedShare: number): { twin: number; triplet: number } {
  const wantedTwins = Math.max(0, FAMILY_FACTS.twinBirths - seedShare);
  return {
    // A co-twin added to a share f of children makes 2f/(1+f) of them twins.
    twin: wantedTwins / (2 - wantedTwins),
    triplet: FAMILY_FACTS.tripletBirths / (3 - 2 * FAMILY_FACTS.tripletBirths),
  };
}

function unrelateSiblings(a: FamilyPerson, b: FamilyPerson): void {
  const at = a.relations.findIndex((r) => r.kind === 'sibling-of' && r.entity === b.entityId);
  if (at >= 0) a.relations.splice(at, 1);
}

/** Marks a group as multiples: birth order, twin relations, names and SSNs after the first. */
export function makeMultiples(
  group: readonly FamilyPerson[],
  names: GivenNames,
  used: Set<string>,
  random: Random,
): void {
  const [first] = group;
  if (!first) return;
  const kind = twinNameKind(random);
  const eab =
    first.birthDate >= FAMILY_FACTS.enumerationAtBirthFrom &&
    first.birthDate < FAMILY_FACTS.ssnRandomFrom;
  group.forEach((person, order) => {
    person.multipleBirth = order + 1;
    person.traits.add(group.length > 2 ? 'triplet' : 'twin');
    for (const other of group) {
      if (other === person) continue;
      unrelateSiblings(person, other);
      relate(person, 'twin-of', other);
    }
    if (order === 0) return;
    const earlier = group.slice(0, order).map((p) => p.given);
    const pool = names.pool(person.sex);
    const draw = () => names.draw(random, person.sex);
    const choose = (wanted: TwinNameKind): string | null =>
      coTwinName({ draw, pool, sameName: names.sameName }, earlier, wanted, random);
    const given = choose(kind);
    // Every table holds a dissimilar name, so the fallback always finds one.
    person.given = given ?? choose('dissimilar-name') ?? '';
    person.traits.add(given === null ? 'dissimilar-name' : kind);
    const previous = group[order - 1] as FamilyPerson;
    const next = eab && previous.ssn ? consecutiveSsn(previous.ssn, used) : null;
    if (next !== null) {
      person.ssn = next;
      person.traits.add('consecutive-ssn');
      previous.traits.add('consecutive-ssn');
    }
  });
}

/** New co-multiples of `child`: same day, parents, home and family name; own sex and names. */
export function addCoMultiples(child: FamilyPerson, count: number, random: Random): FamilyPerson[] {
  const added: FamilyPerson[] = [];
  for (let i = 0; i < count; i++) {
    const sex = random.chance(FAMILY_FACTS.twinsSameSex)
      ? child.sex
      : child.sex === 'male'
        ? 'female'
        : 'male';
    const twin: FamilyPerson = {
      ...child,
      entityId: `${child.entityId}-m${i + 2}`,
      sex,
      suffix: undefined,
      ssn: undefined,
      birthFamily: undefined,
      before: undefined,
      mobile: undefined,
      email: undefined,
      guardians: [...child.guardians],
      // A co-twin shares parents and siblings, not a spouse, children or a namesake.
      relations: child.relations.filter((r) => r.kind === 'child-of' || r.kind === 'sibling-of'),
      traits: new Set(),
    };
    added.push(twin);
  }
  return added;
}
