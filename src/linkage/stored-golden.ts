import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { GOLDEN_FIELDS, GoldenField, GoldenFieldValue, GoldenRecord } from './golden-record';

/**
 * The stored form of a golden record (its JSON is what person.packed and person_version.packed
 * deflate, and what their `golden` jsonb holds in rows written before): the same values, compact. Full, a golden record repeats on every field the supplying record's id,
 * its source, the strategy and the reason (two or three distinct reasons and one or two records
 * for a whole person), and the field names: about 1.5 kB, written once in `person` and once more
 * in every version. Compact, each field is `[value, ref]` under a short name, the records
 * (`[recordId, source]`) and the reasons are listed once under `_c` and `_r`, and `ref` packs
 * the record's index, the strategy's letter and the reason's index into one string (`"0o1"`:
 * record 0, only-value, reason 1): jsonb keeps a number in 8 bytes or more, a short string in
 * its length. About a third of the size; PostgreSQL would not compress either form (it
 * compresses only rows past 2 kB), so packGolden deflates it. The form is deterministic (fields
 * in GOLDEN_FIELDS order, lists in order of first use), and so is deflate with fixed settings:
 * equal golden records store equal bytes and SQL can still tell "unchanged".
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
 * A golden record as person.packed and person_version.packed hold it: the compact form's JSON,
 * deflated against a preset dictionary of what every golden record repeats (the short names
 * and their order, the references, the sources, the survivorship reasons), after a byte naming
 * that dictionary. 540 bytes of compact jsonb become about 180 (issue 17); without the
 * dictionary, versions were about 270. The person row, which `$match` reads, holds it too:
 * inflating one costs a few microseconds (a `$match` returns ten golden records at most), and
 * one deflate serves both the person and its version.
 *
 * The first byte tells the forms apart: versions written before carry a raw deflate stream
 * with no such byte, and a raw deflate stream never starts with a byte whose low three bits
 * are 111 (final block of type 3, which the format reserves), so 0x07 (and 0x0f, 0x17, ... for
 * later dictionaries) cannot be read as the start of one. A dictionary is never changed once
 * rows use it: a new one takes a new byte.
 */
const DICTIONARIES: ReadonlyMap<number, Buffer> = new Map([
  [
    0x07,
    Buffer.from(
      [
        // Rarer strings first: deflate codes a near match more cheaply than a far one.
        'the date most registrations agree with part by part, over ',
        ' registrations; the newest registration agreeing with given name and birth date (a name that changes)"',
        '"pinned by a steward","0p"],"mb":["true","1o0"],"sx":["jr","0o0"],"mm":["',
        " registrations; most complete form, over '",
        '"the address of the newest of 3 registrations with one, kept whole","all 3 registrations agree"',
        '"the address of the newest of 2 registrations with one, kept whole","all 2 registrations agree"]}',
        '{"g":["',
        '","0o0"],"m":["',
        '","0o0"],"f":["',
        '","0o0"],"b":["19',
        '","0o0"],"x":["female","0o0"],"x":["male","0f0"],"a":["',
        '","0o1"],"c":["',
        '","0o1"],"st":["',
        '","0o1"],"p":["',
        '","1r1"],"_c":[["',
        '","lab"],["',
        '","payer"],["',
        '","pharmacy"],["',
        '","clinic"],["',
        '","hospital"]],"_r":[',
        '"the only registration with a value","the only registration with an address"]}',
      ].join(''),
    ),
  ],
]);
const CURRENT = 0x07;

/**
 * A small window and little memory: the dictionary and the input are about a kilobyte, and
 * zlib's defaults spend most of their time setting up.
 */
const PACKING = { windowBits: 11, memLevel: 2 } as const;

/** A golden record's stored JSON (encodeGolden's object as text), deflated. */
export function packGolden(storedJson: string): Buffer {
  const dictionary = DICTIONARIES.get(CURRENT) as Buffer;
  const deflated = deflateRawSync(storedJson, { ...PACKING, dictionary });
  return Buffer.concat([Buffer.from([CURRENT]), deflated]);
}

/** The stored JSON a packed golden record holds, in either packed form. */
function inflateGolden(packed: Buffer): string {
  const dictionary = DICTIONARIES.get(packed[0] ?? 0);
  // Without a dictionary byte: a version deflated before the dictionary (the whole stream).
  if (dictionary === undefined) return inflateRawSync(packed).toString('utf8');
  return inflateRawSync(packed.subarray(1), { dictionary }).toString('utf8');
}

/**
 * The golden record of a person or version row: `packed` when the row has it, else its
 * `golden` jsonb (a row written before it was packed, or a person never recomputed: `{}`).
 */
export function unpackGolden(packed: Buffer | null, golden: StoredGolden | null): GoldenRecord {
  if (packed !== null) return decodeGolden(JSON.parse(inflateGolden(packed)) as StoredGolden);
  return decodeGolden(golden ?? {});
}
