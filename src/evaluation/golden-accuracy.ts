import * as fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { TruthRow } from '../datasets/synthetic-truth';
import { GoldenRecord } from '../linkage/golden-record';
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
  /** Family name, of persons who never changed it (a married name is a coin flip without time). */
  readonly familyNameUnchanged: number;
  /** Postal code, of persons who never moved (the same for an older address). */
  readonly postalCodeNotMoved: number;
}

export interface GoldenMembers {
  readonly golden: GoldenRecord;
  readonly recordIds: readonly string[];
}

type Checked = 'given_name' | 'family_name' | 'birth_date' | 'sex' | 'postal_code';

const FIELD_OF: Readonly<Record<Checked, keyof GoldenRecord>> = {
  given_name: 'givenName',
  family_name: 'familyName',
  birth_date: 'birthDate',
  sex: 'sex',
  postal_code: 'postalCode',
};
const CHECKED = Object.keys(FIELD_OF) as Checked[];
const NAMES = ['given_name', 'family_name', 'birth_date'] as const;

/** Entity id -> true values, from the file `mpi dataset synth --truth` writes. */
export function readTruthFile(file: string): Map<string, TruthRow> {
  const rows: TruthRow[] = parse(fs.readFileSync(file, 'utf8'), { columns: true });
  const missing = ['entity_id', ...CHECKED].filter((c) => rows[0] !== undefined && !(c in rows[0]));
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

type Measure = Checked | 'all' | 'unchanged' | 'not-moved';

/** Right answers per measure, and how many persons each counts. */
class Tally {
  readonly right = new Map<Measure, number>();
  readonly of = new Map<Measure, number>();

  add(measure: Measure, ok: boolean): void {
    this.of.set(measure, (this.of.get(measure) ?? 0) + 1);
    if (ok) this.right.set(measure, (this.right.get(measure) ?? 0) + 1);
  }

  share(measure: Measure): number {
    const of = this.of.get(measure) ?? 0;
    return of === 0 ? 1 : (this.right.get(measure) ?? 0) / of;
  }
}

function tallyPerson(tally: Tally, golden: GoldenRecord, own: TruthRow): void {
  for (const column of CHECKED) tally.add(column, same(golden, column, own));
  tally.add(
    'all',
    NAMES.every((c) => same(golden, c, own)),
  );
  if (own.name_changed !== 'true') tally.add('unchanged', same(golden, 'family_name', own));
  if (own.moved !== 'true') tally.add('not-moved', same(golden, 'postal_code', own));
}

export function goldenAccuracy(
  goldens: readonly GoldenMembers[],
  entityOf: ReadonlyMap<string, string>,
  truth: ReadonlyMap<string, TruthRow>,
): GoldenAccuracy {
  const tally = new Tally();
  for (const members of goldens) {
    const entity = onePerson(members, entityOf);
    const own = entity === undefined ? undefined : truth.get(entity);
    if (own) tallyPerson(tally, members.golden, own);
  }
  return {
    persons: tally.of.get('all') ?? 0,
    givenName: tally.share('given_name'),
    familyName: tally.share('family_name'),
    birthDate: tally.share('birth_date'),
    sex: tally.share('sex'),
    postalCode: tally.share('postal_code'),
    allThree: tally.share('all'),
    familyNameUnchanged: tally.share('unchanged'),
    postalCodeNotMoved: tally.share('not-moved'),
  };
}
