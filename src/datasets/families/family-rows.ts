import { csvLine } from '../../common/csv';
import { LABELLED_COLUMNS, LabelledRow } from '../labelled-row';
import { formatPhone, SOURCE_PROFILES } from '../synthetic-sources';
import { FamilyRecord } from './family-record';

/**
 * A registration as the source sends it (its letter case, middle initials, phone and SSN
 * punctuation), plus the truth: `entity_id`, `household_id` and `tags`.
 */
export type FamilyRow = LabelledRow & { household_id: string; tags: string };

export const HOUSEHOLD_COLUMN = 'household_id';
export const TAGS_COLUMN = 'tags';
export const FAMILY_COLUMNS = [...LABELLED_COLUMNS, HOUSEHOLD_COLUMN, TAGS_COLUMN] as const;

/**
 * The authority of a referring facility's MRN, as a lab or pharmacy order carries it: the
 * facility's source name, the authority its own records are keyed under (PID-3's assigning
 * authority, a FHIR identifier system).
 */
const mrnSystem = (source: string): string => source;

function formatSsn(ssn: string | undefined, dashes: boolean): string | undefined {
  if (ssn === undefined || !dashes || !/^\d{9}$/.test(ssn)) return ssn;
  return `${ssn.slice(0, 3)}-${ssn.slice(3, 5)}-${ssn.slice(5)}`;
}

export function toFamilyRow(record: FamilyRecord): FamilyRow {
  const profile = SOURCE_PROFILES[record.source];
  const f = record.fields;
  const text = (value: string | undefined) => (profile.upperCase ? value?.toUpperCase() : value);
  const middle = profile.middleInitialOnly ? f.middle?.charAt(0) : f.middle;
  const referral = record.referral?.mrn;
  return {
    source: record.source,
    source_id: record.mrn ?? '',
    given_name: text(f.given),
    middle_name: text(middle),
    family_name: text(f.family),
    suffix: f.suffix,
    birth_date: f.birthDate,
    sex: f.sex,
    ssn: formatSsn(f.ssn, profile.ssnDashes),
    phone: f.phone === undefined ? undefined : formatPhone(f.phone, profile.phoneStyle),
    email: f.email,
    address_line: text(f.addressLine),
    city: text(f.city),
    state: f.state,
    postal_code: f.postalCode,
    mothers_maiden_name: text(f.mothersMaidenName),
    multiple_birth: f.multipleBirth,
    other_identifiers:
      referral && record.referral ? `${mrnSystem(record.referral.source)}|${referral}` : undefined,
    entity_id: record.person.entityId,
    household_id: record.person.household.id,
    tags: [...record.tags].join(';'),
  };
}

export function familyCsvLine(row: FamilyRow): string {
  return csvLine(FAMILY_COLUMNS.map((c) => row[c]));
}
