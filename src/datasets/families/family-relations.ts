import { FamilyPerson, relate } from './family-person';
import { SeedPerson } from './household-seed';

/**
 * Relations inside one seed household, from the census answers: the reference person's spouse
 * or partner, children and parents named by relationship or as guardians, and siblings (two
 * children of one guardian, or of the reference person).
 */
const CHILD = new Set(['Biological child', 'Adopted child', 'Stepchild', 'Foster child']);
const PARTNER = new Set([
  'Opposite-sex spouse',
  'Same-sex spouse',
  'Opposite-sex unmarried partner',
  'Same-sex unmarried partner',
]);

function parentAndChild(parent: FamilyPerson, child: FamilyPerson): void {
  relate(parent, 'parent-of', child);
  relate(child, 'child-of', parent);
}

function both(a: FamilyPerson, kind: 'spouse-of' | 'sibling-of', b: FamilyPerson): void {
  relate(a, kind, b);
  relate(b, kind, a);
}

export function relateHousehold(seed: readonly SeedPerson[], people: readonly FamilyPerson[]) {
  const byId = new Map(seed.map((s, i) => [s.id, people[i] as FamilyPerson]));
  const ref = seed.findIndex((s) => s.relationship === 'Reference person');
  const head = people[ref];
  seed.forEach((s, i) => {
    const person = people[i] as FamilyPerson;
    for (const g of s.guardians) {
      const guardian = byId.get(g);
      if (guardian) parentAndChild(guardian, person);
    }
    if (!head || person === head) return;
    if (PARTNER.has(s.relationship)) both(head, 'spouse-of', person);
    if (CHILD.has(s.relationship)) parentAndChild(head, person);
    if (s.relationship === 'Parent') parentAndChild(person, head);
    if (s.relationship === 'Sibling') both(head, 'sibling-of', person);
  });
  relateSiblings(people);
}

/** Children of one parent are siblings, unless they are multiples (related as twins). */
export function relateSiblings(people: readonly FamilyPerson[]): void {
  for (const a of people) {
    for (const b of people) {
      if (a === b || a.relations.some((r) => r.kind === 'twin-of' && r.entity === b.entityId))
        continue;
      const parentsOfA = a.relations.filter((r) => r.kind === 'child-of').map((r) => r.entity);
      if (b.relations.some((r) => r.kind === 'child-of' && parentsOfA.includes(r.entity))) {
        relate(a, 'sibling-of', b);
      }
    }
  }
}

/** Children of one parent born the same day: the seed's own multiples. */
export function seedMultiples(people: readonly FamilyPerson[]): FamilyPerson[][] {
  const groups = new Map<string, FamilyPerson[]>();
  for (const person of people) {
    const parent = person.relations.find((r) => r.kind === 'child-of')?.entity;
    if (parent === undefined) continue;
    const key = `${parent}|${person.birthDate}`;
    groups.set(key, [...(groups.get(key) ?? []), person]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}
