import { createHash, createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadReferenceTables } from '../../src/config/reference-tables';
import { buildFeatures } from '../../src/matching/features/build-features';
import { normalizeRecord } from '../../src/matching/normalize/normalize-record';
import { ReferenceTables } from '../../src/matching/normalize/reference-tables';
import { CanonicalRecord, Tokenizer } from '../../src/matching/record-types';
import { hmacSha256Token, precomputeHmacKey } from '../../src/tokens/hmac-sha256';
import {
  KeyedTokenizer,
  createHmacTokenizer,
  createReferenceTokenizer,
} from '../../src/tokens/hmac-tokenizer';
import { printBesideFloor } from './floor-report';

/**
 * Per-record CPU of ingest before the database: normalize alone, then normalize + tokens +
 * features, on FEBRL records (Australian names and addresses) given the identifiers a US
 * registration carries (9-digit SSN, phone, e-mail, sometimes a Medicaid number). One core.
 */

/**
 * A folder holding FEBRL 3, 4a and 4b (not shipped: see data/linkage/README.md), named by
 * MPI_BENCH_FEBRL_DIR; without it the bench generates as many records of its own.
 */
const FEBRL = process.env.MPI_BENCH_FEBRL_DIR ?? '';
const TODAY = '2025-06-15';
const MIN_SECONDS = 1.5;

export async function run(): Promise<void> {
  const records = loadRecords();
  const tables = loadReferenceTables(
    path.resolve(__dirname, '..', '..', '..', 'data', 'reference'),
  );
  const key = { id: 'bench', secret: Buffer.alloc(32, 1) };
  const fast = createHmacTokenizer(key);
  const reference = createReferenceTokenizer(key);
  const tokensPerRecord = countTokens(records, tables, fast);

  const rejected = records.length - normalizeAll(records, tables);
  console.log(
    `normalize + tokens: ${records.length} records (${rejected} rejected), ` +
      `${tokensPerRecord.toFixed(1)} HMACs per record`,
  );
  report('normalize only', records.length, () => normalizeAll(records, tables));
  const prepared = report('normalize + tokens + features (fast HMAC)', records.length, () =>
    prepareAll(records, tables, fast),
  );
  report('normalize + tokens + features (createHmac)', records.length, () =>
    prepareAll(records, tables, reference),
  );
  const hmacs = hmacFigures();
  // The floor: the record's HMACs alone, which no preparation can skip.
  printBesideFloor(
    'normalize + tokens + features (fast HMAC)',
    { value: prepared, unit: 'records/s' },
    { value: hmacs / tokensPerRecord, unit: 'records/s' },
  );
  await Promise.resolve();
}

function normalizeAll(records: CanonicalRecord[], tables: ReferenceTables): number {
  let kept = 0;
  for (const record of records)
    if ('record' in normalizeRecord(record, tables, { today: TODAY })) kept++;
  return kept;
}

function prepareAll(
  records: CanonicalRecord[],
  tables: ReferenceTables,
  tokenizer: KeyedTokenizer,
): number {
  let kept = 0;
  for (const input of records) {
    const result = normalizeRecord(input, tables, { today: TODAY });
    if (!('record' in result)) continue;
    buildFeatures(result.record, tokenizer.tokenize, tokenizer.keyId);
    tokenizer.tokenizeSourceId(input.source ?? '', input.source_id ?? '');
    kept++;
  }
  return kept;
}

function countTokens(
  records: CanonicalRecord[],
  tables: ReferenceTables,
  tokenizer: KeyedTokenizer,
): number {
  let calls = 0;
  const counting: Tokenizer = (domain, value) => {
    calls++;
    return tokenizer.tokenize(domain, value);
  };
  for (const input of records) {
    const result = normalizeRecord(input, tables, { today: TODAY });
    if ('record' in result) buildFeatures(result.record, counting, tokenizer.keyId);
    calls++; // the source id
  }
  return calls / records.length;
}

/** Runs `pass` until MIN_SECONDS have gone by (after one warm-up pass), prints the rate, returns it. */
function report(label: string, perPass: number, pass: () => unknown): number {
  pass();
  const start = process.hrtime.bigint();
  let done = 0;
  let seconds = 0;
  while (seconds < MIN_SECONDS) {
    pass();
    done += perPass;
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  console.log(`  ${label.padEnd(46)} ${Math.round(done / seconds).toLocaleString('en-US')} /s`);
  return done / seconds;
}

/** HMAC-SHA256 rates of each way to compute one; returns the one the tokenizer uses. */
function hmacFigures(): number {
  const key = Buffer.alloc(32, 2);
  const values = Array.from({ length: 1000 }, (_, i) => String(100_000_000 + i * 7919));
  const ipad = Buffer.alloc(64, 0x36);
  const opad = Buffer.alloc(64, 0x5c);
  for (let i = 0; i < key.length; i++) {
    ipad[i]! ^= key[i]!;
    opad[i]! ^= key[i]!;
  }
  const inner = createHash('sha256').update(ipad);
  const outer = createHash('sha256').update(opad);
  const state = precomputeHmacKey(key);
  const run = (f: (value: string) => string) => () => values.forEach(f);
  console.log('HMAC-SHA256 tokens of 9-digit values (128 bits, base64url):');
  report(
    'crypto.createHmac',
    values.length,
    run((v) => createHmac('sha256', key).update(v).digest().toString('base64url', 0, 16)),
  );
  report(
    'Hash#copy() of precomputed pad states',
    values.length,
    run((v) =>
      outer.copy().update(inner.copy().update(v).digest()).digest().toString('base64url', 0, 16),
    ),
  );
  return report(
    'precomputed states, JS compression (used)',
    values.length,
    run((v) => hmacSha256Token(state, v)),
  );
}

/** FEBRL rows as canonical records, with US-style identifiers made up from each row. */
function loadRecords(): CanonicalRecord[] {
  const files = ['dataset3.csv', 'dataset4a.csv', 'dataset4b.csv'].map((f) => path.join(FEBRL, f));
  if (FEBRL === '' || !files.every((f) => fs.existsSync(f))) return generatedRecords(15_000);
  return files.flatMap((file) => {
    const [, ...lines] = fs
      .readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '');
    return lines.map((line) => febrlRecord(line.split(',').map((cell) => cell.trim())));
  });
}

function febrlRecord(cells: string[]): CanonicalRecord {
  const [
    id = '',
    given = '',
    surname = '',
    number = '',
    address1 = '',
    address2 = '',
    suburb = '',
    postcode = '',
    state = '',
    dob = '',
    soc = '',
  ] = cells;
  const n = Number(soc) || 1234567;
  return {
    source: 'febrl',
    source_id: id,
    given_name: given,
    family_name: surname,
    birth_date: dob,
    sex: n % 2 === 0 ? 'F' : 'M',
    ssn: `5${soc.padStart(7, '0')}${n % 10}`.replace(/^(\d{3})(\d{2})/, '$1-$2-'),
    phone: `(${200 + (n % 700)}) ${String(n).slice(0, 3)}-${String(n).padStart(7, '0').slice(3)}`,
    email: given && surname ? `${given}.${surname}@example.com` : '',
    address_line: [number, address1, address2].filter((part) => part !== '').join(' '),
    city: suburb,
    state,
    postal_code: postcode,
    other_identifiers: n % 3 === 0 ? `medicaid|MC${soc}` : '',
  };
}

function generatedRecords(count: number): CanonicalRecord[] {
  const given = ['William', 'Bill', 'María', 'Zoë', 'John', 'Liz', 'Ahmed', 'Nguyen'];
  const family = ['Smith', 'García-López', "O'Brien", 'de la Cruz', 'Jones Jr.', 'Müller'];
  return Array.from({ length: count }, (_, i) =>
    febrlRecord([
      `rec-${i}`,
      given[i % given.length]!,
      family[i % family.length]!,
      String(i % 200),
      'main street',
      'apt 4',
      'springfield',
      String(2000 + (i % 7000)),
      'nsw',
      `19${String(10 + (i % 89))}0${1 + (i % 9)}1${i % 9}`,
      String(1_000_000 + i * 37),
    ]),
  );
}
