import { compact } from './field-mapping';
import { LabelledRow } from './labelled-row';
import { Random } from './seeded-random';
import { dayInWindow, familyNameOn, Residence, residenceOn, TruePerson } from './synthetic-people';
import { formatPhone, SourceProfile } from './synthetic-sources';
import { applyTypo, birthDateTypo, digitTypo, swapDayMonth, TYPO_KINDS } from './text-errors';

/** What made a registration differ from the truth (or what makes its person hard). */
export const SYNTHETIC_ERROR_KINDS = [
  'typo-insert',
  'typo-delete',
  'typo-substitute',
  'typo-transpose',
  'nickname',
  'day-month-swap',
  'birth-date-typo',
  'married-name',
  'compound-surname',
  'ssn-missing',
  'ssn-placeholder',
  'ssn-typo',
  'moved',
  'missing-field',
  'same-source-duplicate',
  'twin',
  'junior-senior',
] as const;
export type SyntheticErrorKind = (typeof SYNTHETIC_ERROR_KINDS)[number];

/** Chances per registration. */
export interface RegistrationRates {
  readonly typo: number;
  readonly nickname: number;
  readonly dayMonthSwap: number;
  readonly birthDateTypo: number;
  readonly ssnMissing: number;
  readonly ssnPlaceholder: number;
  readonly ssnTypo: number;
  readonly missingField: number;
  readonly compoundVariant: number;
}

/** Formal given name (lower case) -> its short forms. */
export type NicknameIndex = ReadonlyMap<string, readonly string[]>;

export const MEMBER_ID_SYSTEM = 'urn:mpi-synthetic:member-id';
const PLACEHOLDER_SSNS = ['999-99-9999', '123-45-6789'];

export interface Registration {
  /** source_id is assigned later, in output order, as a source's MRN counter would. */
  readonly row: Omit<LabelledRow, 'source_id'>;
  readonly errors: readonly SyntheticErrorKind[];
  /** The day it happened: rows are written in this order, as a feed would deliver them. */
  readonly date: string;
}

interface Draft {
  given: string;
  family: string;
  birthDate: string;
  address?: string;
  ssn?: string;
}

function capitalise(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Only the first or last part, or hyphen and space exchanged: how compound names get recorded. */
function compoundVariant(family: string, random: Random): string {
  const parts = family.split(/[\s-]+/);
  const choice = random.int(3);
  if (choice === 0) return parts[0] ?? family;
  if (choice === 1) return parts[parts.length - 1] ?? family;
  return family.includes('-') ? parts.join(' ') : parts.join('-');
}

function addressLine(residence: Residence, abbreviate: boolean): string {
  const type = abbreviate ? residence.streetType[1] : residence.streetType[0];
  const line = `${residence.number} ${residence.street} ${type}`;
  return residence.unit ? `${line} ${residence.unit}` : line;
}

function nameErrors(
  draft: Draft,
  person: TruePerson,
  rates: RegistrationRates,
  nicknames: NicknameIndex,
  random: Random,
): SyntheticErrorKind[] {
  const errors: SyntheticErrorKind[] = [];
  if (person.marriedFamily !== undefined && draft.family === person.marriedFamily) {
    errors.push('married-name');
  }
  if (/[\s-]/.test(draft.family) && random.chance(rates.compoundVariant)) {
    draft.family = compoundVariant(draft.family, random);
    errors.push('compound-surname');
  }
  const shortForms = nicknames.get(draft.given.toLowerCase()) ?? [];
  if (shortForms.length > 0 && random.chance(rates.nickname)) {
    draft.given = capitalise(random.pick(shortForms));
    errors.push('nickname');
  }
  return errors;
}

function typoError(draft: Draft, rates: RegistrationRates, random: Random): SyntheticErrorKind[] {
  if (!random.chance(rates.typo)) return [];
  const kind = random.pick(TYPO_KINDS);
  const field = random.weighted([0.45, 0.45, draft.address ? 0.1 : 0]);
  if (field === 0) draft.given = applyTypo(draft.given, kind, random);
  else if (field === 1) draft.family = applyTypo(draft.family, kind, random);
  else draft.address = applyTypo(draft.address ?? '', kind, random);
  return [`typo-${kind}`];
}

function dateError(draft: Draft, rates: RegistrationRates, random: Random): SyntheticErrorKind[] {
  const swapped = random.chance(rates.dayMonthSwap) ? swapDayMonth(draft.birthDate) : null;
  if (swapped) {
    draft.birthDate = swapped;
    return ['day-month-swap'];
  }
  const mistyped = random.chance(rates.birthDateTypo)
    ? birthDateTypo(draft.birthDate, random)
    : null;
  if (mistyped) {
    draft.birthDate = mistyped;
    return ['birth-date-typo'];
  }
  return [];
}

function ssnError(draft: Draft, rates: RegistrationRates, random: Random): SyntheticErrorKind[] {
  if (draft.ssn === undefined) return [];
  if (random.chance(rates.ssnMissing)) {
    draft.ssn = undefined;
    return ['ssn-missing'];
  }
  if (random.chance(rates.ssnPlaceholder)) {
    draft.ssn = random.pick(PLACEHOLDER_SSNS).replace(/-/g, '');
    return ['ssn-placeholder'];
  }
  if (random.chance(rates.ssnTypo)) {
    draft.ssn = digitTypo(draft.ssn, random);
    return ['ssn-typo'];
  }
  return [];
}

function formatSsn(ssn: string | undefined, dashes: boolean): string | undefined {
  if (ssn === undefined || !dashes) return ssn;
  return `${ssn.slice(0, 3)}-${ssn.slice(3, 5)}-${ssn.slice(5)}`;
}

export interface RegisterInput {
  readonly person: TruePerson;
  readonly profile: SourceProfile;
  readonly sameSource: boolean;
  readonly rates: RegistrationRates;
  readonly nicknames: NicknameIndex;
  readonly random: Random;
}

/** The optional values this registration holds; `dropped` when the clerk left one blank. */
interface Optionals {
  middle?: string;
  phone?: string;
  email?: string;
  mothersMaidenName?: string;
  suffix?: string;
  multipleBirth?: string;
  memberId?: string;
  dropped: boolean;
}

function optionalsOf(input: RegisterInput, residence: Residence): Optionals {
  const { person, profile, rates, random } = input;
  const found: Optionals = { dropped: false };
  const keep = <T>(value: T | undefined, chance: number, canBeBlank = true): T | undefined => {
    if (value === undefined || !random.chance(chance)) return undefined;
    if (canBeBlank && random.chance(rates.missingField)) {
      found.dropped = true;
      return undefined;
    }
    return value;
  };
  const { collects } = profile;
  found.middle = keep(person.middle, collects.middle);
  found.phone = keep(residence.phone, collects.phone);
  found.email = keep(person.email, collects.email);
  found.mothersMaidenName = keep(person.mothersMaidenName, collects.mothersMaidenName);
  found.suffix = keep(person.suffix, collects.suffix, false);
  found.multipleBirth = keep(person.multipleBirth?.toString(), collects.multipleBirth, false);
  found.memberId = keep(person.memberId, collects.memberId, false);
  return found;
}

function tagsOf(person: TruePerson, moved: boolean, sameSource: boolean): SyntheticErrorKind[] {
  const tags: SyntheticErrorKind[] = [];
  if (moved) tags.push('moved');
  if (sameSource) tags.push('same-source-duplicate');
  if (person.kind === 'twin') tags.push('twin');
  if (person.kind === 'junior' || person.kind === 'senior') tags.push('junior-senior');
  return tags;
}

function toRow(
  draft: Draft,
  extra: Optionals,
  input: RegisterInput,
  residence: Residence,
): Omit<LabelledRow, 'source_id'> {
  const { person, profile } = input;
  const text = (value: string | undefined): string | undefined =>
    profile.upperCase ? value?.toUpperCase() : value;
  const hasAddress = draft.address !== undefined;
  return compact<Omit<LabelledRow, 'source_id'>>({
    source: profile.name,
    given_name: text(draft.given),
    middle_name: text(profile.middleInitialOnly ? extra.middle?.charAt(0) : extra.middle),
    family_name: text(draft.family),
    suffix: extra.suffix,
    birth_date: draft.birthDate,
    sex: person.sex,
    ssn: formatSsn(draft.ssn, profile.ssnDashes),
    phone: extra.phone === undefined ? undefined : formatPhone(extra.phone, profile.phoneStyle),
    email: extra.email,
    address_line: text(draft.address),
    city: hasAddress ? text(residence.city) : undefined,
    state: hasAddress ? residence.state : undefined,
    postal_code: hasAddress ? residence.postalCode : undefined,
    mothers_maiden_name: text(extra.mothersMaidenName),
    multiple_birth: extra.multipleBirth,
    other_identifiers: extra.memberId ? `${MEMBER_ID_SYSTEM}|${extra.memberId}` : undefined,
    entity_id: person.entityId,
  });
}

/**
 * One registration of a person at a source, on a day of the registration window: the person
 * as they were that day (the family name and home of the time), seen through the source's
 * habits and errors.
 */
export function register(input: RegisterInput): Registration {
  const { person, profile, rates, random } = input;
  const date = dayInWindow(random, person.birthDate);
  const residence = residenceOn(person, date);
  const draft: Draft = {
    given: person.given,
    family: familyNameOn(person, date),
    birthDate: person.birthDate,
    address: random.chance(profile.collects.address)
      ? addressLine(residence, profile.abbreviateStreet)
      : undefined,
    ssn: random.chance(profile.collects.ssn) ? person.ssn : undefined,
  };
  const errors = [
    ...tagsOf(person, residence !== person.residences[0], input.sameSource),
    ...nameErrors(draft, person, rates, input.nicknames, random),
    ...typoError(draft, rates, random),
    ...dateError(draft, rates, random),
    ...ssnError(draft, rates, random),
  ];
  const extra = optionalsOf(input, residence);
  if (extra.dropped) errors.push('missing-field');
  return { row: toRow(draft, extra, input, residence), errors, date };
}
