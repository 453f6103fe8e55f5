import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMatchModel } from '../../src/matching/model/parse-match-model';
import { IdentifierToken, MatchFeatures } from '../../src/matching/record-types';
import { compileModel } from '../../src/matching/score/compile-model';
import { scorePair, weighPair } from '../../src/matching/score/score-pair';
import { mulberry32, randomIndex } from '../../src/matching/train/seeded-prng';

/**
 * Candidate pairs scored per second on one core with the default model: full-featured
 * records (names, date, sex, SSN, phone, e-mail, address, mother's maiden name, a Medicaid
 * number), half of the pairs near-duplicates with typos, half different people sharing a
 * family name. Features are built here directly, tokens as base64url SHA-256 like the real ones.
 */

const MIN_SECONDS = 1.5;
const GIVEN = [
  'william',
  'mary',
  'james',
  'patricia',
  'john',
  'jennifer',
  'robert',
  'linda',
  'maria',
  'david',
];
const FAMILY = [
  'garcia',
  'smith',
  'johnson',
  'nguyen',
  'brown',
  'martinez lopez',
  'davis',
  'obrien',
];
const STREETS = ['main st', 'oak ave', 'maple dr', 'washington blvd', 'lake rd'];

export async function run(): Promise<void> {
  const model = parseMatchModel(
    JSON.parse(
      fs.readFileSync(
        path.resolve(__dirname, '..', '..', '..', 'data', 'models', 'default.json'),
        'utf8',
      ),
    ),
  );
  const compiled = compileModel(model);
  const pairs = makePairs(4000, 1);
  const frequencies = new Map<string, number>(
    [...GIVEN, ...FAMILY].map((name, i) => [name, 0.001 * (i + 1)]),
  );
  const termFrequency = (_id: string, value: string): number | undefined => frequencies.get(value);
  let sink = 0;
  report('weighPair (hot path)', pairs.length, () => {
    for (const [a, b] of pairs) sink += weighPair(compiled, a, b).weight;
  });
  report('weighPair + term frequencies', pairs.length, () => {
    for (const [a, b] of pairs) sink += weighPair(compiled, a, b, { termFrequency }).weight;
  });
  report('scorePair (with explanation)', pairs.length, () => {
    for (const [a, b] of pairs) sink += scorePair(compiled, a, b, { termFrequency }).weight;
  });
  if (Number.isNaN(sink)) console.log('unreachable');
  await Promise.resolve();
}

function report(label: string, perRound: number, round: () => void): void {
  round(); // warm-up: let the JIT settle before timing
  let rounds = 0;
  const start = process.hrtime.bigint();
  let seconds = 0;
  while (seconds < MIN_SECONDS) {
    round();
    rounds++;
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const rate = (rounds * perRound) / seconds;
  console.log(`${label}: ${Math.round(rate).toLocaleString('en-US')} pairs/s`);
}

function tokenOf(domain: string, value: string): string {
  return createHash('sha256').update(`${domain}:${value}`).digest('base64url');
}

function identifier(domain: string, value: string): IdentifierToken {
  const variants = new Set<string>();
  for (let i = 0; i < value.length; i++)
    variants.add(tokenOf(domain, value.slice(0, i) + value.slice(i + 1)));
  return { token: tokenOf(domain, value), variants: [...variants].sort() };
}

function person(next: () => number): MatchFeatures {
  const given = GIVEN[randomIndex(next, GIVEN.length)] ?? 'ann';
  const family = FAMILY[randomIndex(next, FAMILY.length)] ?? 'lee';
  const digits = (n: number): string =>
    Array.from({ length: n }, () => randomIndex(next, 10)).join('');
  return {
    keyId: 'bench',
    given,
    givenCanonical: given,
    givenNicknameGroup: [given],
    givenMetaphone: given.slice(0, 3).toUpperCase(),
    middle: 'j',
    family,
    familyParts: family.split(' '),
    familyMetaphone: family.slice(0, 4).toUpperCase(),
    suffix: null,
    birthDate: `19${40 + randomIndex(next, 60)}-0${1 + randomIndex(next, 9)}-1${randomIndex(next, 10)}`,
    sex: next() < 0.5 ? 'male' : 'female',
    ssn: identifier('ssn', digits(9)),
    phone: identifier('phone', digits(10)),
    email: { token: tokenOf('email', `${given}${digits(3)}@example.com`), variants: [] },
    addressLine: `${digits(4)} ${STREETS[randomIndex(next, STREETS.length)] ?? 'main st'}`,
    city: 'springfield',
    state: 'il',
    postalCode: `6${digits(4)}`,
    mothersMaidenName: FAMILY[randomIndex(next, FAMILY.length)] ?? null,
    multipleBirth: null,
    otherIdentifiers: [
      { system: 'medicaid', ...identifier('other-id|medicaid', `MC${digits(7)}`) },
    ],
  };
}

/** A near-duplicate: a typo in the given name, another phone, the SSN one digit off. */
function duplicate(of: MatchFeatures, next: () => number): MatchFeatures {
  const given = of.given === null ? null : `${of.given.slice(0, -1)}e`;
  return {
    ...of,
    given,
    givenCanonical: given,
    phone:
      next() < 0.5 ? of.phone : identifier('phone', String(5550000000 + randomIndex(next, 9999))),
    ssn:
      next() < 0.8 ? of.ssn : identifier('ssn', String(100000000 + randomIndex(next, 899999999))),
  };
}

function makePairs(count: number, seed: number): [MatchFeatures, MatchFeatures][] {
  const next = mulberry32(seed);
  const people = Array.from({ length: count }, () => person(next));
  return people.flatMap((a, i): [MatchFeatures, MatchFeatures][] => {
    const other = people[(i + 1) % people.length] ?? a;
    return [
      [a, duplicate(a, next)],
      [
        a,
        {
          ...other,
          family: a.family,
          familyParts: a.familyParts,
          familyMetaphone: a.familyMetaphone,
        },
      ],
    ];
  });
}
