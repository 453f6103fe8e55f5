import * as fs from 'node:fs';
import { parse } from 'csv-parse/sync';

/**
 * One resident of the 2020 census of pseudopeople's sample town (data/reference/
 * pseudopeople-households): who lives with whom, how they are related to the household's
 * reference person, their guardians, and the SSN and middle name of their SSA record.
 */
export interface SeedPerson {
  readonly id: string;
  readonly household: string;
  readonly relationship: string;
  readonly guardians: readonly string[];
  readonly given: string;
  readonly middle?: string;
  readonly family: string;
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
  readonly streetNumber: string;
  readonly streetName: string;
  readonly unit?: string;
  /** Not "Household": a college, nursing home, barracks or prison, where co-residents are strangers. */
  readonly groupQuarters: boolean;
  readonly ssn?: string;
}

export type SeedHousehold = readonly SeedPerson[];

const COLUMNS = [
  'simulant_id',
  'household_id',
  'relationship',
  'guardian_1',
  'guardian_2',
  'first_name',
  'middle_name',
  'last_name',
  'date_of_birth',
  'sex',
  'street_number',
  'street_name',
  'unit_number',
  'housing_type',
  'ssn',
] as const;

type SeedRow = Record<(typeof COLUMNS)[number], string>;

const blankToUndefined = (value: string): string | undefined => (value === '' ? undefined : value);

function toSeedPerson(row: SeedRow): SeedPerson {
  return {
    id: row.simulant_id,
    household: row.household_id,
    relationship: row.relationship,
    guardians: [row.guardian_1, row.guardian_2].filter((g) => g !== ''),
    given: row.first_name,
    middle: blankToUndefined(row.middle_name),
    family: row.last_name,
    birthDate: row.date_of_birth,
    sex: row.sex === 'Female' ? 'female' : 'male',
    streetNumber: row.street_number,
    streetName: row.street_name,
    unit: blankToUndefined(row.unit_number),
    groupQuarters: row.housing_type !== 'Household',
    ssn: blankToUndefined(row.ssn.replace(/-/g, '')),
  };
}

/** The seed households in file order; a file without the expected columns is refused. */
export function readSeedHouseholds(file: string): SeedHousehold[] {
  const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true }) as SeedRow[];
  const missing = COLUMNS.filter((c) => rows.length > 0 && !(c in (rows[0] as SeedRow)));
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  const households = new Map<string, SeedPerson[]>();
  for (const row of rows) {
    const person = toSeedPerson(row);
    const members = households.get(person.household) ?? [];
    members.push(person);
    households.set(person.household, members);
  }
  return [...households.values()];
}
