import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { GOLDEN_FIELDS, GoldenField, GoldenFieldValue, GoldenRecord } from './golden-record';

/**
 * The stored form of a golden record (person.golden and person_version.golden, jsonb): the
 * same values, compact. Full, a golden record repeats on every field the supplying record's id,
 * its source, the strategy and the reason (two or three distinct reasons and one or two records
 * for a whole person), and the field names: about 1.5 kB, written once in `person` and once more
 * in every version. Compact, each field is `[value, ref]` under a short name, the records
 * (`[recordId, source]`) and the reasons are listed once under `_c` and `_r`, and `ref` packs
 * the record's index, the strategy's letter and the reason's index into one string (`"0o1"`:
 * record 0, only-value, reason 1): jsonb keeps a number in 8 bytes or more, a short string in
 * its length. About a third of the size; PostgreSQL would not compress either form (it
 * compresses only rows past 2 kB), and compressing here cost more CPU than the bytes are worth
 * on the hot reads. The form is deterministic (fields in GOLDEN_FIELDS order, lists in order of
 * first use), so equal golden records store equal values and SQL can still tell "unchanged".
 * Decoding gives back the object that was encoded, and reads a row stored in the full form
 * unchanged, so rows written before this form need no rewrite. Only repositories use this:
 * everything above them sees GoldenRecord.
 */
const SHORT_NAMES: Readonly<Record<GoldenField, string>> = {
  givenName: 'g',
  middleName: 'm',
  familyName: 'f',
  suffix: 'sx',
  birthDate: 'b',
  sex: 'x',
  addressLine: 'a',
  city: 'c',
  state: 'st',
  postalCode: 'p',
  mothersMaidenName: 'mm',
  multipleBirth: 'mb',
};

type Strategy = GoldenFieldValue['strategy'];

const STRATEGY_LETTERS: Readonly<Record<Strategy, string>> = {
  'source-trust': 't',
  'most-recent': 'r',
  'most-frequent': 'f',
  'most-complete': 'c',
  pinned: 'p',
  'only-value': 'o',
};

const STRATEGIES: ReadonlyMap<string, Strategy> = new Map(
  (Object.entries(STRATEGY_LETTERS) as [Strategy, string][]).map(([s, letter]) => [letter, s]),
);

/** The keys of the lists; no field's short name starts with `_`. */
const RECORDS = '_c';
const REASONS = '_r';

/** A golden record as a row holds it (see encodeGolden). */
export type StoredGolden = Record<string, unknown>;

type StoredField = [GoldenFieldValue['value'], string];

/** Index of `key` in a list of first uses, added when new. */
function indexIn(index: Map<string, number>, key: string, add: () => void): number {
  const known = index.get(key);
  if (known !== undefined) return known;
  index.set(key, index.size);
  add();
  return index.size - 1;
}

/** The object to store as JSON. An empty golden record stays `{}`. */
export function encodeGolden(golden: GoldenRecord): StoredGolden {
  const records: [string | null, string | null][] = [];
  const reasons: string[] = [];
  const recordIndex = new Map<string, number>();
  const reasonIndex = new Map<string, number>();
  const stored: StoredGolden = {};
  for (const field of GOLDEN_FIELDS) {
    const entry = golden[field];
    if (entry === undefined) continue;
    const { value, recordId, source, strategy, reason } = entry;
    const record =
      recordId === null && source === null
        ? ''
        : String(
            indexIn(recordIndex, JSON.stringify([recordId, source]), () =>
              records.push([recordId, source]),
            ),
          );
    const why =
      reason === undefined ? '' : String(indexIn(reasonIndex, reason, () => reasons.push(reason)));
    stored[SHORT_NAMES[field]] = [value, `${record}${STRATEGY_LETTERS[strategy]}${why}`];
  }
  if (Object.keys(stored).length === 0) return stored;
  stored[RECORDS] = records;
  stored[REASONS] = reasons;
  return stored;
}

const REF = /^(\d*)([a-z])(\d*)$/;

/** The golden record a stored object (either form) holds. */
export function decodeGolden(stored: StoredGolden): GoldenRecord {
  if (!(RECORDS in stored)) return stored as GoldenRecord;
  const records = stored[RECORDS] as [string | null, string | null][];
  const reasons = stored[REASONS] as string[];
  const golden: GoldenRecord = {};
  for (const field of GOLDEN_FIELDS) {
    const entry = stored[SHORT_NAMES[field]] as StoredField | undefined;
    if (entry === undefined) continue;
    const [value, ref] = entry;
    const [, record = '', letter = '', why = ''] = REF.exec(ref) ?? [];
    const strategy = STRATEGIES.get(letter);
    if (strategy === undefined) throw new Error(`stored golden record: unknown reference ${ref}`);
    const [recordId, source] = record === '' ? [null, null] : (records[Number(record)] ?? []);
    golden[field] = {
      value,
      recordId: recordId ?? null,
      source: source ?? null,
      strategy,
      ...(why === '' ? {} : { reason: reasons[Number(why)] }),
    };
  }
  return golden;
}

/**
 * A version's golden record as person_version.packed holds it: the compact form's JSON,
 * deflated (about half again: the record ids and reasons are text deflate shortens well).
 * Versions are written once and read only for a person's history, so the CPU goes there and
 * not to the person row, which every $match reads. A small window and little memory: the
 * input is a few hundred bytes, and zlib's defaults spend most of their time setting up.
 */
const PACKING = { windowBits: 9, memLevel: 1 } as const;

/** A golden record's stored JSON (encodeGolden's object as text), deflated for a version. */
export function packGolden(storedJson: string): Buffer {
  return deflateRawSync(storedJson, PACKING);
}

/** The golden record of a version: `packed` when the row has it, else its `golden` jsonb. */
export function unpackGolden(packed: Buffer | null, golden: StoredGolden | null): GoldenRecord {
  if (packed !== null)
    return decodeGolden(JSON.parse(inflateRawSync(packed).toString('utf8')) as StoredGolden);
  return decodeGolden(golden ?? {});
}
