import { Random } from '../seeded-random';
import { CITIES, CityPool } from '../synthetic-address-pools';
import { FAMILY_FACTS } from './family-facts';
import { FamilyAddress, FamilyHousehold } from './family-person';
import { newPhone } from './family-identifiers';
import { SeedPerson } from './household-seed';

/**
 * Where a seed household lives. The sample town is one city with ZIP 00000, so each household
 * is placed in one of the generator's cities (a ZIP of that city's area); its street address is
 * the census one. It moves at the CPS one-year mover rate over the registration window.
 */
export interface HouseholdPlace {
  readonly household: FamilyHousehold;
  readonly city: CityPool;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The first day of the registration window. */
export function windowStart(): string {
  const year = Number(FAMILY_FACTS.referenceDate.slice(0, 4)) - FAMILY_FACTS.windowYears;
  return `${year}${FAMILY_FACTS.referenceDate.slice(4)}`;
}

/** A day in the registration window, uniformly, never before `notBefore`. */
export function dayInWindow(random: Random, notBefore = windowStart()): string {
  const from = Date.parse(`${notBefore > windowStart() ? notBefore : windowStart()}T00:00:00Z`);
  const to = Date.parse(`${FAMILY_FACTS.referenceDate}T00:00:00Z`);
  if (from >= to) return FAMILY_FACTS.referenceDate;
  return new Date(from + random.int(Math.floor((to - from) / 86_400_000) + 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

function addressIn(city: CityPool, line: string, random: Random, from: string): FamilyAddress {
  return {
    from,
    line,
    city: city.city,
    state: city.state,
    postalCode: `${city.zip3}${pad(random.between(1, 99), 2)}`,
  };
}

/** The census leaves some house numbers out (359 residents); the line then starts with the street. */
function streetLine(person: SeedPerson, number: string): string {
  return [number, person.streetName, person.unit].filter((part) => part).join(' ');
}

/**
 * The household's address history: the census address now, and (for a household that moved in
 * the window) an earlier one on another street of the town, taken from `elsewhere`.
 */
export function placeHousehold(
  id: string,
  head: SeedPerson,
  elsewhere: SeedPerson,
  random: Random,
  renumber: boolean,
): HouseholdPlace {
  const city = random.pick(CITIES);
  const number = renumber ? String(random.between(1, 9999)) : head.streetNumber;
  const now = addressIn(city, streetLine(head, number), random, '0000-01-01');
  const years = FAMILY_FACTS.windowYears;
  const moved = random.chance(1 - (1 - FAMILY_FACTS.movePerYear) ** years);
  const addresses = moved
    ? [
        addressIn(
          city,
          streetLine(elsewhere, String(random.between(1, 9999))),
          random,
          '0000-01-01',
        ),
        { ...now, from: dayInWindow(random) },
      ]
    : [now];
  const landline =
    !head.groupQuarters && !random.chance(FAMILY_FACTS.wirelessOnlyHouseholds)
      ? newPhone(random, city.areaCodes)
      : undefined;
  return { household: { id, addresses, landline, groupQuarters: head.groupQuarters }, city };
}

export function addressOn(household: FamilyHousehold, date: string): FamilyAddress {
  let current = household.addresses[0] as FamilyAddress;
  for (const address of household.addresses) if (address.from <= date) current = address;
  return current;
}
