import { Random } from './seeded-random';
import { CITIES, EMAIL_DOMAINS, STREET_NAMES, STREET_TYPES } from './synthetic-address-pools';
import { NameSource, Sex } from './synthetic-name-source';
import { LATEST_BIRTH_DATE } from './text-errors';

/** Where a person lives during one period of their life, with the home phone there. */
export interface Residence {
  /** The day the person moved in; the first residence has none (it was home before any visit). */
  readonly from?: string;
  readonly number: string;
  readonly street: string;
  readonly streetType: readonly [string, string];
  readonly unit?: string;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
  readonly phone?: string;
}

export type PersonKind = 'single' | 'twin' | 'junior' | 'senior';
export type { Sex } from './synthetic-name-source';

/** The truth about one synthetic person; registrations are noisy views of it. */
export interface TruePerson {
  readonly entityId: string;
  readonly kind: PersonKind;
  readonly sex: Sex;
  readonly given: string;
  readonly middle?: string;
  /** Family name at birth, possibly compound (`Garcia Lopez`) or hyphenated. */
  readonly family: string;
  /** Family name after marriage, when it changed. */
  readonly marriedFamily?: string;
  /** The wedding day, when the family name changed: registrations from then carry the new one. */
  readonly marriedOn?: string;
  readonly suffix?: 'Jr' | 'Sr';
  readonly birthDate: string;
  readonly ssn: string;
  readonly email?: string;
  readonly mothersMaidenName: string;
  readonly multipleBirth?: number;
  /** Oldest first; a second entry means the person moved. */
  readonly residences: readonly Residence[];
  readonly memberId?: string;
}

/** Chances per generated unit or person (see SyntheticRates for the meaning of each). */
export interface PersonRates {
  readonly twins: number;
  /** Share of twin pairs given consecutive SSNs (last digit one apart). */
  readonly consecutiveSsnTwins: number;
  readonly juniorSenior: number;
  readonly compoundSurname: number;
  readonly marriedNameChange: number;
  readonly move: number;
}

export interface PeopleContext {
  readonly random: Random;
  readonly rates: PersonRates;
  readonly names: NameSource;
  readonly nextEntityId: () => string;
  /** SSNs already handed out: two people never share one by accident. */
  readonly usedSsns: Set<string>;
}

const PLACEHOLDER_SSNS = new Set(['999999999', '123456789']);
const LATEST_YEAR = Number(LATEST_BIRTH_DATE.slice(0, 4)) - 1;

/**
 * The years the sources registered people in: registrations, weddings and moves fall in it,
 * so a married name or a new address follows the older one in time, as the rows are written.
 */
export const REGISTRATION_WINDOW = { from: '2000-01-01', to: `${LATEST_YEAR}-12-31` } as const;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const DAY = 86_400_000;

/** A day between `from` and `to` (ISO dates, both included), uniformly; `to` when none is. */
export function dayBetween(random: Random, from: string, to: string): string {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.floor((Date.parse(`${to}T00:00:00Z`) - start) / DAY);
  if (days < 0) return to;
  return new Date(start + random.int(days + 1) * DAY).toISOString().slice(0, 10);
}

/** A day of the registration window, never before `notBefore` (a birth, an 18th birthday). */
export function dayInWindow(random: Random, notBefore: string): string {
  const from = notBefore > REGISTRATION_WINDOW.from ? notBefore : REGISTRATION_WINDOW.from;
  return dayBetween(random, from, REGISTRATION_WINDOW.to);
}

/** The residence a person lived at on `date`. */
export function residenceOn(person: TruePerson, date: string): Residence {
  let current = person.residences[0] as Residence;
  for (const residence of person.residences) {
    if (residence.from === undefined || residence.from <= date) current = residence;
  }
  return current;
}

/** The family name a person carried on `date`: the married one from the wedding day. */
export function familyNameOn(person: TruePerson, date: string): string {
  return person.marriedFamily !== undefined &&
    person.marriedOn !== undefined &&
    person.marriedOn <= date
    ? person.marriedFamily
    : person.family;
}

export function birthDateBetween(random: Random, fromYear: number, toYear: number): string {
  const day = new Date(Date.UTC(random.between(fromYear, toYear), 0, 1));
  day.setUTCDate(day.getUTCDate() + random.int(365));
  return day.toISOString().slice(0, 10);
}

function newSsn(context: PeopleContext): string {
  const { random } = context;
  for (;;) {
    const area = random.between(1, 899);
    if (area === 666) continue;
    const ssn = `${pad(area, 3)}${pad(random.between(1, 99), 2)}${pad(random.between(1, 9999), 4)}`;
    if (PLACEHOLDER_SSNS.has(ssn) || context.usedSsns.has(ssn)) continue;
    context.usedSsns.add(ssn);
    return ssn;
  }
}

/**
 * The SSN next to `ssn` in its last digit, as numbers issued together are (twins registered at
 * once); one below when the last digit is 9, so the two still differ in that digit alone.
 * Undefined when that number is taken or a placeholder.
 */
export function consecutiveSsn(context: PeopleContext, ssn: string): string | undefined {
  const last = Number(ssn.slice(-1));
  const next = `${ssn.slice(0, -1)}${last === 9 ? 8 : last + 1}`;
  if (PLACEHOLDER_SSNS.has(next) || context.usedSsns.has(next)) return undefined;
  context.usedSsns.add(next);
  return next;
}

export function newResidence(random: Random): Residence {
  const city = random.pick(CITIES);
  const hasPhone = random.chance(0.9);
  return {
    number: String(random.between(1, 9999)),
    street: random.pick(STREET_NAMES),
    streetType: random.pick(STREET_TYPES),
    unit: random.chance(0.12) ? `Apt ${random.between(1, 40)}` : undefined,
    city: city.city,
    state: city.state,
    postalCode: `${city.zip3}${pad(random.between(1, 99), 2)}`,
    phone: hasPhone
      ? `${random.pick(city.areaCodes)}${random.between(200, 999)}${pad(random.int(10000), 4)}`
      : undefined,
  };
}

/**
 * A family name and the mother's maiden name that goes with it. A Hispanic double surname
 * is father's + mother's, so the mother's maiden name is its second part.
 */
export function familyNames(
  random: Random,
  rates: PersonRates,
  names: NameSource,
): [string, string] {
  const hispanic = random.chance(0.2);
  const first = hispanic ? names.hispanicSurname(random) : names.surname(random);
  if (random.chance(rates.compoundSurname)) {
    if (hispanic || random.chance(0.5)) {
      const second = names.hispanicSurname(random, first);
      return [`${first} ${second}`, second];
    }
    return [`${first}-${names.surname(random, first)}`, names.surname(random, first)];
  }
  const mother = hispanic ? names.hispanicSurname(random, first) : names.surname(random, first);
  return [first, mother];
}

function emailFor(random: Random, given: string, family: string): string | undefined {
  if (!random.chance(0.7)) return undefined;
  const local = `${given}.${family}`.toLowerCase().replace(/[^a-z.]/g, '');
  return `${local}${random.chance(0.5) ? random.between(1, 99) : ''}@${random.pick(EMAIL_DOMAINS)}`;
}

/** A wedding inside the registration window, at 18 or older, that changed her family name. */
function marriage(
  context: PeopleContext,
  sex: Sex,
  birth: string,
  family: string,
): { marriedFamily: string; marriedOn: string } | undefined {
  const { random, rates } = context;
  const adult = Number(birth.slice(0, 4)) <= LATEST_YEAR - 22;
  if (sex !== 'female' || !adult || !random.chance(rates.marriedNameChange)) return undefined;
  const spouse = context.names.surname(random, family);
  const eighteen = `${Number(birth.slice(0, 4)) + 19}-01-01`;
  return {
    marriedFamily: random.chance(0.15) ? `${family}-${spouse}` : spouse,
    marriedOn: dayInWindow(random, eighteen),
  };
}

export interface PersonSeed {
  kind: PersonKind;
  sex: Sex;
  birthDate: string;
  family: string;
  mothersMaidenName: string;
  residences: readonly Residence[];
  given?: string;
  middle?: string;
  suffix?: 'Jr' | 'Sr';
  multipleBirth?: number;
  /** An SSN decided by the unit (a twin's consecutive number), already marked used. */
  ssn?: string;
}

/** Fills in what a seed leaves open: names, SSN, email, marriage, insurance member id. */
export function makePerson(context: PeopleContext, seed: PersonSeed): TruePerson {
  const { random } = context;
  const given = seed.given ?? context.names.given(random, seed.sex);
  // A seed that names the person (a junior after his father) decides the middle name too.
  const middle =
    seed.given !== undefined
      ? seed.middle
      : random.chance(0.8)
        ? context.names.given(random, seed.sex, given)
        : undefined;
  return {
    ...seed,
    entityId: context.nextEntityId(),
    given,
    middle,
    ...marriage(context, seed.sex, seed.birthDate, seed.family),
    ssn: seed.ssn ?? newSsn(context),
    email: emailFor(random, given, seed.family),
    memberId: random.chance(0.6) ? `M${pad(random.int(1e9), 9)}` : undefined,
  };
}
