import { IDENTIFIER_OF, relationTag } from '../../matching/evaluate/population-tags';
import { Random } from '../seeded-random';
import { NicknameIndex } from '../synthetic-registrations';
import { CITIES } from '../synthetic-address-pools';
import { FAMILY_FACTS } from './family-facts';
import { FamilyPerson } from './family-person';
import { FamilyRecord, RecordFields } from './family-record';
import { FAKE_FIRST_NAMES, FAKE_LAST_NAMES } from './noise-tables';
import {
  makeOcrErrors,
  makePhoneticErrors,
  makeTypos,
  swapMonthAndDay,
  writeWrongDateDigits,
  writeWrongDigits,
  writeWrongZipDigits,
} from './pseudopeople-noise';

/**
 * pseudopeople's column noise on one registration, in pseudopeople's order of application;
 * each type that changes a cell tags the record. Noise touches only cells that hold a value.
 */
export interface NoiseContext {
  readonly random: Random;
  readonly nicknames: NicknameIndex;
  /** Nickname chance for a name that has one: the cell probability over the share that do. */
  readonly nicknameRate: number;
  /** Other members of each household, for values copied from one of them. */
  readonly members: ReadonlyMap<string, readonly FamilyPerson[]>;
  /** A household member's referring-facility record, for a shared MRN. */
  readonly referralOf: (person: FamilyPerson) => FamilyRecord | undefined;
}

type Field = keyof RecordFields;
type CellNoise = (value: string, random: Random) => string;

const NAMES: Field[] = ['given', 'middle', 'family', 'mothersMaidenName'];
const TEXT: Field[] = [...NAMES, 'addressLine', 'city'];
const STATES = [...new Set(CITIES.map((c) => c.state))];

function noiseCells(
  record: FamilyRecord,
  fields: readonly Field[],
  tag: string,
  noise: CellNoise,
  random: Random,
  rate: number = FAMILY_FACTS.cellNoise,
): void {
  for (const field of fields) {
    const value = record.fields[field];
    if (value === undefined || !random.chance(rate)) continue;
    const noised = noise(value, random);
    if (noised === value) continue;
    record.fields[field] = noised;
    record.tags.add(tag);
  }
}

function leaveBlank(record: FamilyRecord, random: Random): void {
  for (const field of Object.keys(record.fields) as Field[]) {
    if (record.fields[field] === undefined || !random.chance(FAMILY_FACTS.cellNoise)) continue;
    record.fields[field] = undefined;
    record.tags.add('blank');
  }
}

function chooseWrongOption(record: FamilyRecord, random: Random): void {
  noiseCells(record, ['sex'], 'wrong-option', (v) => (v === 'male' ? 'female' : 'male'), random);
  noiseCells(
    record,
    ['state'],
    'wrong-option',
    (v) => random.pick(STATES.filter((s) => s !== v)),
    random,
  );
}

/** A household member's value: birth date or SSN (the SSN then names whose it is). */
function copyFromHousehold(record: FamilyRecord, context: NoiseContext): void {
  const { random } = context;
  const others = (context.members.get(record.person.household.id) ?? []).filter(
    (p) => p !== record.person,
  );
  if (others.length === 0) return;
  if (record.fields.birthDate !== undefined && random.chance(FAMILY_FACTS.cellNoise)) {
    const donor = random.pick(others);
    if (donor.birthDate !== record.fields.birthDate) {
      record.fields.birthDate = donor.birthDate;
      record.tags.add('copied-from-household');
    }
  }
  if (record.fields.ssn !== undefined && random.chance(FAMILY_FACTS.cellNoise)) {
    const donor = random.pick(others);
    if (donor.ssn === undefined) return;
    record.fields.ssn = donor.ssn;
    record.tags.add('copied-from-household').add(relationTag(IDENTIFIER_OF, donor.entityId));
    const parent = record.person.relations.some(
      (r) => r.kind === 'child-of' && r.entity === donor.entityId,
    );
    if (parent) record.tags.add('parent-ssn');
  }
}

/** A household member's MRN on this record's order: one MRN for two people at the lab. */
function shareMrn(record: FamilyRecord, context: NoiseContext): void {
  if (record.referral === undefined || !context.random.chance(FAMILY_FACTS.cellNoise)) return;
  const others = (context.members.get(record.person.household.id) ?? []).filter(
    (p) => p !== record.person,
  );
  const donors = others.flatMap((p) => {
    const referral = context.referralOf(p);
    return referral ? [referral] : [];
  });
  if (donors.length === 0) return;
  const donor = context.random.pick(donors);
  record.referral = donor;
  record.tags.add('shared-mrn').add(relationTag(IDENTIFIER_OF, donor.person.entityId));
}

function useNickname(record: FamilyRecord, context: NoiseContext): void {
  const nickname: CellNoise = (value, random) => {
    const forms = context.nicknames.get(value.toLowerCase()) ?? [];
    const form = forms.length > 0 ? random.pick(forms) : value.toLowerCase();
    return form === value.toLowerCase() ? value : form.charAt(0).toUpperCase() + form.slice(1);
  };
  const rate = Math.min(1, context.nicknameRate);
  for (const field of ['given', 'middle'] as const) {
    const value = record.fields[field];
    if (value === undefined || !context.nicknames.has(value.toLowerCase())) continue;
    noiseCells(record, [field], 'nickname', nickname, context.random, rate);
  }
}

export function applyNoise(record: FamilyRecord, context: NoiseContext): void {
  const { random } = context;
  leaveBlank(record, random);
  chooseWrongOption(record, random);
  copyFromHousehold(record, context);
  shareMrn(record, context);
  noiseCells(record, ['birthDate'], 'month-day-swap', swapMonthAndDay, random);
  noiseCells(record, ['postalCode'], 'wrong-zip-digits', writeWrongZipDigits, random);
  noiseCells(record, ['birthDate'], 'wrong-digits', writeWrongDateDigits, random);
  noiseCells(record, ['ssn', 'addressLine', 'phone'], 'wrong-digits', writeWrongDigits, random);
  useNickname(record, context);
  noiseCells(record, ['given', 'middle'], 'fake-name', (_v, r) => r.pick(FAKE_FIRST_NAMES), random);
  noiseCells(record, ['family'], 'fake-name', (_v, r) => r.pick(FAKE_LAST_NAMES), random);
  noiseCells(record, [...TEXT], 'phonetic', makePhoneticErrors, random);
  noiseCells(record, [...TEXT], 'ocr', makeOcrErrors, random);
  noiseCells(record, [...TEXT, 'email'], 'typo', makeTypos, random);
}
