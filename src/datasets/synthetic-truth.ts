import { csvLine } from '../common/csv';
import { TruePerson } from './synthetic-people';

/**
 * What a synthetic person really is, one row per entity: the values a golden record should
 * hold (`mpi eval --truth` compares them). The family name is the one the person carries
 * now (after a marriage), the postal code that of the newest residence; `name_changed` and
 * `moved` say whose registrations hold an older name or address too (the generator gives
 * registrations no time, so which is newer cannot be told from them).
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

export function truthOf(person: TruePerson): TruthRow {
  return {
    entity_id: person.entityId,
    given_name: person.given,
    family_name: person.marriedFamily ?? person.family,
    birth_date: person.birthDate,
    sex: person.sex,
    postal_code: person.residences.at(-1)?.postalCode ?? '',
    name_changed: String(person.marriedFamily !== undefined),
    moved: String(person.residences.length > 1),
  };
}

export function truthHeader(): string {
  return csvLine([...TRUTH_COLUMNS]);
}

export function truthLine(row: TruthRow): string {
  return csvLine(TRUTH_COLUMNS.map((c) => row[c]));
}
