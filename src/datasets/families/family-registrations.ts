import { relationTag } from '../../matching/evaluate/population-tags';
import { Random } from '../seeded-random';
import { SOURCE_PROFILES, SYNTHETIC_SOURCES, SyntheticSource } from '../synthetic-sources';
import { FAMILY_FACTS } from './family-facts';
import { addressOn, dayInWindow, windowStart } from './family-households';
import { ageOn, FamilyPerson } from './family-person';
import { FamilyRecord, RecordFields } from './family-record';
import { placeholderGiven } from './newborn-names';

/**
 * The registrations of one person: a number of visits to the five sources, each a record unless
 * the source deduplicates its patients and recognised the person (the MPI duplicate rate is
 * what slips through); a newborn's delivery admission under a placeholder name; lab and pharmacy
 * orders carrying the referring facility's MRN.
 */
const DEDUPLICATING_SOURCES: readonly SyntheticSource[] = ['hospital', 'clinic', 'payer'];
const REFERRING: readonly SyntheticSource[] = ['hospital', 'clinic'];
const REFERRED: readonly SyntheticSource[] = ['lab', 'pharmacy'];

export interface RegistrationContext {
  readonly random: Random;
  readonly members: ReadonlyMap<string, readonly FamilyPerson[]>;
}

const isAdult = (p: FamilyPerson, date: string): boolean => ageOn(p, date) >= 18;

function parents(person: FamilyPerson, context: RegistrationContext): FamilyPerson[] {
  const members = context.members.get(person.household.id) ?? [];
  return members.filter((m) =>
    person.relations.some((r) => r.kind === 'child-of' && r.entity === m.entityId),
  );
}

interface Reach {
  readonly phone?: string;
  readonly email?: string;
  /** The phone or e-mail is another household member's too (a landline, a parent's). */
  readonly sharedPhone: boolean;
  readonly sharedEmail: boolean;
}

/** A child's records carry a parent's phone and e-mail; an adult's, their own or the landline. */
function contact(person: FamilyPerson, date: string, context: RegistrationContext): Reach {
  const { random } = context;
  const landline = person.household.landline;
  if (isAdult(person, date) || person.household.groupQuarters) {
    const phone =
      person.mobile && !(landline && random.chance(FAMILY_FACTS.landlineOnRecord))
        ? person.mobile
        : landline;
    return { phone, email: person.email, sharedPhone: phone === landline, sharedEmail: false };
  }
  const parent = parents(person, context).find((p) => p.mobile !== undefined || p.email);
  return {
    phone: parent?.mobile ?? landline,
    email: parent?.email,
    sharedPhone: true,
    sharedEmail: true,
  };
}

/** The family name a person carried on `date`: the maiden one before a wedding in the window. */
export function familyNameOn(person: FamilyPerson, date: string): string {
  return person.before && date < person.before.until ? person.before.family : person.family;
}

function taggedFamilyName(person: FamilyPerson, date: string, tags: Set<string>): string {
  const family = familyNameOn(person, date);
  if (family !== person.family) tags.add('maiden-name');
  return family;
}

function fieldsOf(record: FamilyRecord, context: RegistrationContext): RecordFields {
  const { person, date, tags } = record;
  const { collects } = SOURCE_PROFILES[record.source];
  const { random } = context;
  const keep = <T>(value: T | undefined, chance: number): T | undefined =>
    value !== undefined && random.chance(chance) ? value : undefined;
  const address = addressOn(person.household, date);
  const hasAddress = random.chance(collects.address);
  if (hasAddress && address !== person.household.addresses.at(-1)) tags.add('old-address');
  const reach = contact(person, date, context);
  const phone = keep(reach.phone, collects.phone);
  const email = keep(reach.email, collects.email);
  if (phone !== undefined && reach.sharedPhone) tags.add('shared-phone');
  if (email !== undefined && reach.sharedEmail) tags.add('shared-email');
  const suffix = keep(person.suffix, collects.suffix);
  if (person.suffix !== undefined && suffix === undefined) tags.add('no-suffix');
  return {
    given: person.given,
    middle: keep(person.middle, collects.middle),
    family: taggedFamilyName(person, date, tags),
    suffix,
    birthDate: person.birthDate,
    sex: person.sex,
    ssn: keep(person.ssn, collects.ssn),
    phone,
    email,
    addressLine: hasAddress ? address.line : undefined,
    city: hasAddress ? address.city : undefined,
    state: hasAddress ? address.state : undefined,
    postalCode: hasAddress ? address.postalCode : undefined,
    mothersMaidenName: keep(person.mothersMaidenName, collects.mothersMaidenName),
    multipleBirth: keep(person.multipleBirth?.toString(), collects.multipleBirth),
  };
}

function personTags(person: FamilyPerson): Set<string> {
  const tags = new Set(person.traits);
  if (person.household.addresses.length > 1) tags.add('moved');
  for (const r of person.relations) tags.add(relationTag(r.kind, r.entity));
  return tags;
}

function newRecord(
  person: FamilyPerson,
  source: SyntheticSource,
  date: string,
  context: RegistrationContext,
): FamilyRecord {
  const record: FamilyRecord = { person, source, date, fields: {}, tags: personTags(person) };
  Object.assign(record.fields, fieldsOf(record, context));
  return record;
}

function deliveryRecord(person: FamilyPerson, context: RegistrationContext): FamilyRecord {
  const record = newRecord(person, 'hospital', person.birthDate, context);
  const mother = parents(person, context).find((p) => p.sex === 'female');
  record.fields.given = placeholderGiven(person, mother?.given, context.random);
  record.fields.middle = undefined;
  record.tags.add('placeholder-name').add('newborn');
  return record;
}

/** Every record of a person, oldest first. */
export function registrationsOf(
  person: FamilyPerson,
  context: RegistrationContext,
): FamilyRecord[] {
  const { random } = context;
  const records: FamilyRecord[] = [];
  if (person.birthDate >= windowStart()) records.push(deliveryRecord(person, context));
  const visits = random.weighted(FAMILY_FACTS.visitsPerPerson) + 1;
  const dates = Array.from({ length: visits }, () => dayInWindow(random, person.birthDate)).sort();
  for (const date of dates) {
    const source = random.pick(SYNTHETIC_SOURCES);
    const seen = records.some((r) => r.source === source);
    if (seen && DEDUPLICATING_SOURCES.includes(source)) {
      if (!random.chance(FAMILY_FACTS.duplicateAtDeduplicatingSource)) continue;
    }
    const record = newRecord(person, source, date, context);
    if (seen) record.tags.add('same-source');
    if (REFERRED.includes(source) && random.chance(FAMILY_FACTS.referralMrn)) {
      record.referral = records.find((r) => REFERRING.includes(r.source));
    }
    records.push(record);
  }
  return records;
}
