import { csvLine } from '../common/csv';
import type { Seen } from './synthetic-patients';
import { familyNameOn, residenceOn, TruePerson } from './synthetic-people';

/**
 * What a synthetic person really is, one row per entity: the values a golden record should
 * hold (`mpi eval --truth` compares them). The family name and postal code are those of the
 * day of the person's newest registration (a wedding or move after it no source could have
 * told); `name_changed` and `moved` say whose registrations hold an older name or address
 * too, written before the newer ones (rows follow the registrations' days).
 */
export const TRUTH_COLUMNS = [
  'entity_id',
  'given_name',
  'family_name',
  'birth_date',
  'sex',
  'postal_code',
  'name_changed',
  'moved',
] as const;

export type TruthColumn = (typeof TRUTH_COLUMNS)[number];
export type TruthRow = Record<TruthColumn, string>;

export function truthOf(person: TruePerson, seen: Seen): TruthRow {
  return {
    entity_id: person.entityId,
    given_name: person.given,
    family_name: familyNameOn(person, seen.last),
    birth_date: person.birthDate,
    sex: person.sex,
    postal_code: residenceOn(person, seen.last).postalCode,
    name_changed: String(familyNameOn(person, seen.first) !== familyNameOn(person, seen.last)),
    moved: String(residenceOn(person, seen.first) !== residenceOn(person, seen.last)),
  };
}

export function truthHeader(): string {
  return csvLine([...TRUTH_COLUMNS]);
}

export function truthLine(row: TruthRow): string {
  return csvLine(TRUTH_COLUMNS.map((c) => row[c]));
}
