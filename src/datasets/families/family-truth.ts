import { seededRandom } from '../seeded-random';
import { TruthRow } from '../synthetic-truth';
import { FamiliesOptions, familyNames } from './families-generator';
import { FamilyPerson } from './family-person';
import { buildPopulation } from './family-population';

/**
 * The families population's people as they really are (`mpi eval --truth`), one row each:
 * the population is built again from the same seed, as `generateFamilyRows` builds it
 * (registrations never change a person). The family name is the one of the census date, the
 * postal code that of the household's last address.
 */
export function familyTruthRows(options: FamiliesOptions): TruthRow[] {
  const people = buildPopulation(
    options.households,
    options.people,
    familyNames(options.names),
    seededRandom(`${options.seed}:families:people`),
  );
  return people.map(truthOf);
}

function truthOf(person: FamilyPerson): TruthRow {
  const addresses = person.household.addresses;
  return {
    entity_id: person.entityId,
    given_name: person.given,
    family_name: person.family,
    birth_date: person.birthDate,
    sex: person.sex,
    postal_code: addresses.at(-1)?.postalCode ?? '',
    name_changed: String(person.before !== undefined || person.birthFamily !== undefined),
    moved: String(addresses.length > 1),
  };
}
