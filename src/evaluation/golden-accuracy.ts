import * as fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { TRUTH_COLUMNS, TruthColumn, TruthRow } from '../datasets/synthetic-truth';
import { GoldenRecord } from '../linkage/survivorship';
import { foldText } from '../matching/normalize/text-fold';

/**
 * Survivorship against the truth: of the golden records holding two or more registrations of
 * one person (and no one else's), the share whose fields equal that person's own. One
 * registration leaves nothing to choose, and an overlay has no one truth, so both are left out.
 */
export interface GoldenAccuracy {
  /** Golden records measured. */
  readonly persons: number;
  readonly givenName: number;
  readonly familyName: number;
  readonly birthDate: number;
  readonly sex: number;
  readonly postalCode: number;
  /** Given name, family name and birth date all right. */
  readonly allThree: number;
}

export interface GoldenMembers {
  readonly golden: GoldenRecord;
  readonly recordIds: readonly string[];
}

type Checked = Exclude<TruthColumn, 'entity_id'>;

const FIELD_OF: Readonly<Record<Checked, keyof GoldenRecord>> = {
  given_name: 'givenName',
  family_name: 'familyName',
  birth_date: 'birthDate',
  sex: 'sex',
  postal_code: 'postalCode',
};
const CHECKED = Object.keys(FIELD_OF) as Checked[];

/** Entity id -> true values, from the file `mpi dataset synth --truth` writes. */
export function readTruthFile(file: string): Map<string, TruthRow> {
  const rows: TruthRow[] = parse(fs.readFileSync(file, 'utf8'), { columns: true });
  const missing = TRUTH_COLUMNS.filter((c) => rows[0] !== undefined && !(c in rows[0]));
  if (missing.length > 0) throw new Error(`truth file lacks ${missing.join(', ')}`);
  return new Map(rows.map((r) => [r.entity_id, r]));
}

/** Case, accents and punctuation do not make a value wrong: the store folds them too. */
function same(golden: GoldenRecord, column: Checked, truth: TruthRow): boolean {
  const value = golden[FIELD_OF[column]]?.value;
  if (value === null || value === undefined) return false;
  return foldText(String(value)) === foldText(truth[column]);
}

function onePerson(
  members: GoldenMembers,
  entityOf: ReadonlyMap<string, string>,
): string | undefined {
  const entities = new Set(members.recordIds.map((id) => entityOf.get(id)));
  const [only] = entities;
  return members.recordIds.length >= 2 && entities.size === 1 ? only : undefined;
}

export function goldenAccuracy(
  goldens: readonly GoldenMembers[],
  entityOf: ReadonlyMap<string, string>,
  truth: ReadonlyMap<string, TruthRow>,
): GoldenAccuracy {
  const right = Object.fromEntries(CHECKED.map((c) => [c, 0])) as Record<Checked, number>;
  let persons = 0;
  let allThree = 0;
  for (const members of goldens) {
    const entity = onePerson(members, entityOf);
    const own = entity === undefined ? undefined : truth.get(entity);
    if (!own) continue;
    persons += 1;
    for (const column of CHECKED) if (same(members.golden, column, own)) right[column] += 1;
    const names = ['given_name', 'family_name', 'birth_date'] as const;
    if (names.every((c) => same(members.golden, c, own))) allThree += 1;
  }
  const share = (n: number): number => (persons === 0 ? 1 : n / persons);
  return {
    persons,
    givenName: share(right.given_name),
    familyName: share(right.family_name),
    birthDate: share(right.birth_date),
    sex: share(right.sex),
    postalCode: share(right.postal_code),
    allThree: share(allThree),
  };
}
