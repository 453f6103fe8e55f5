import { TruthRow } from '../synthetic-truth';
import { buildFamilies, Families, FamiliesOptions } from './families-generator';
import { addressOn } from './family-households';
import { FamilyPerson } from './family-person';
import { familyNameOn } from './family-registrations';

/**
 * The families population's people as they really are (`mpi eval --truth`), one row each.
 * The family name and postal code are those of the day of the person's newest record (a
 * wedding or move after it no source could have told; rows follow the records' days).
 */
export function familyTruthRows(options: FamiliesOptions): TruthRow[] {
  return truthOfFamilies(buildFamilies(options));
}

export function truthOfFamilies({ people, records }: Families): TruthRow[] {
  const last = new Map<FamilyPerson, string>();
  for (const r of records) {
    const known = last.get(r.person);
    if (known === undefined || r.date > known) last.set(r.person, r.date);
  }
  return people.map((p) => truthOf(p, last.get(p)));
}

function truthOf(person: FamilyPerson, lastSeen: string | undefined): TruthRow {
  const { household } = person;
  const address =
    lastSeen === undefined ? household.addresses.at(-1) : addressOn(household, lastSeen);
  return {
    entity_id: person.entityId,
    given_name: person.given,
    family_name: lastSeen === undefined ? person.family : familyNameOn(person, lastSeen),
    birth_date: person.birthDate,
    sex: person.sex,
    postal_code: address?.postalCode ?? '',
    name_changed: String(person.before !== undefined || person.birthFamily !== undefined),
    moved: String(household.addresses.length > 1),
  };
}
