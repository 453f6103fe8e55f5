import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  blockingKeys,
  blockingRuleOfKey,
  resolveBlockingRules,
} from '../../src/matching/blocking/blocking-keys';
import { BLOCKING_RULES } from '../../src/matching/blocking/blocking-rules';
import { candidatePairs } from '../../src/matching/blocking/candidate-pairs';
import { isSparse } from '../../src/matching/blocking/sparse-blocking-rules';
import { MatchFeatures } from '../../src/matching/record-types';
import { WILLIAM, features, otherId, token } from './matching-fixtures';

function keysOf(rule: string, record = WILLIAM): string[] {
  return blockingKeys([rule], record);
}

/** William as a sparse feed sends him: names, birth date, city and e-mail only. */
const SPARSE = features({
  given: 'william',
  givenMetaphone: 'ALM',
  family: 'garcia lopez',
  familyMetaphone: 'KRSLPS',
  birthDate: '1980-07-04',
  city: 'springfield',
  email: { token: 'email:bill@example.com', variants: [] },
  emailLocalPart: 'email-local-part:bill',
});

const sparseCases: [string, string[]][] = [
  ['sparse-email-local-part', ['sparse-email-local-part:email-local-part:bill']],
  ['sparse-birth-date-any-order', ['sparse-birth-date-any-order:1980|0407']],
  ['sparse-name-sound', ['sparse-name-sound:g|ALM', 'sparse-name-sound:f|KRSLPS']],
  [
    'sparse-name-sound-other-initial',
    ['sparse-name-sound-other-initial:ALM|g', 'sparse-name-sound-other-initial:KRSLPS|w'],
  ],
  ['sparse-city-birth-year', ['sparse-city-birth-year:springfield|1980']],
];

describe('blocking rules', () => {
  const cases: [string, string[]][] = [
    ['ssn', ['ssn:ssn:219099998']],
    ['phone', ['phone:phone:5551234567']],
    ['email', ['email:email:bill@example.com']],
    ['other-id', ['other-id:medicaid|other-id|medicaid:AB1234567']],
    ['family-metaphone-birth-year', ['family-metaphone-birth-year:KRSLPS|1980']],
    ['given-canonical-birth-date', ['given-canonical-birth-date:william|1980-07-04']],
    ['birth-date-family-initial', ['birth-date-family-initial:1980-07-04|g']],
    ['birth-date-given-initial', ['birth-date-given-initial:1980-07-04|w']],
    ['birth-date-initials-any-order', ['birth-date-initials-any-order:1980-07-04|gw']],
    ['birth-date-postal-code', ['birth-date-postal-code:1980-07-04|62704']],
    ['postal-code-family-prefix', ['postal-code-family-prefix:62704|gar']],
    ['postal-digits-family-prefix', ['postal-digits-family-prefix:02467|gar']],
    ['postal-code-given-canonical', ['postal-code-given-canonical:62704|william']],
    ['given-metaphone-family-metaphone', ['given-metaphone-family-metaphone:ALM|KRSLPS']],
    ['name-metaphones-any-order', ['name-metaphones-any-order:ALM|KRSLPS']],
    ['name-metaphones-postal-prefix', ['name-metaphones-postal-prefix:ALM|KRSLPS|627']],
    ['name-birth-year-month', ['name-birth-year-month:KRSLPS|w|1980-07']],
    ['name-birth-year-day', ['name-birth-year-day:KRSLPS|w|1980-04']],
    ['name-birth-day-month', ['name-birth-day-month:KRSLPS|w|0407']],
  ];
  for (const [rule, expected] of cases) {
    it(`${rule} makes its key, prefixed by the rule id`, () => {
      assert.deepEqual(keysOf(rule), expected);
      assert.deepEqual(keysOf(rule, features()), [], 'no key without the fields');
    });
  }

  it('covers every rule of the library in the tables above or below', () => {
    const tested = new Set([
      ...cases.map(([rule]) => rule),
      ...sparseCases.map(([rule]) => rule),
      'ssn-variant',
      'phone-variant',
      'other-id-variant',
    ]);
    assert.deepEqual(
      [...BLOCKING_RULES.keys()].filter((rule) => !tested.has(rule)),
      [],
    );
  });

  it('gives one key per deletion variant for the variant rules', () => {
    assert.equal(keysOf('ssn-variant').length, WILLIAM.ssn?.variants.length);
    assert.equal(keysOf('phone-variant').length, WILLIAM.phone?.variants.length);
    assert.equal(keysOf('other-id-variant').length, WILLIAM.otherIdentifiers[0]?.variants.length);
  });

  it('lets identifiers one edit apart share a variant key', () => {
    const a = features({ ssn: token('ssn', '219099998') });
    const b = features({ ssn: token('ssn', '219099988') });
    const shared = keysOf('ssn-variant', a).filter((key) => keysOf('ssn-variant', b).includes(key));
    assert.ok(shared.length > 0);
  });

  it('puts swapped names and a day-month swap under one key', () => {
    const swapped = { ...WILLIAM, givenMetaphone: 'KRSLPS', familyMetaphone: 'ALM' };
    assert.deepEqual(
      keysOf('name-metaphones-any-order', swapped),
      keysOf('name-metaphones-any-order'),
    );
    const names = { ...WILLIAM, given: 'garcia lopez', family: 'william' };
    assert.deepEqual(
      keysOf('birth-date-initials-any-order', names),
      keysOf('birth-date-initials-any-order'),
    );
    const dayMonth = { ...WILLIAM, birthDate: '1980-04-07' };
    assert.deepEqual(keysOf('name-birth-day-month', dayMonth), keysOf('name-birth-day-month'));
  });

  it('puts a postal code with two digits transposed under one key', () => {
    const transposed = { ...WILLIAM, postalCode: '62740' };
    assert.deepEqual(
      keysOf('postal-digits-family-prefix', transposed),
      keysOf('postal-digits-family-prefix'),
    );
    assert.notDeepEqual(
      keysOf('postal-digits-family-prefix', { ...WILLIAM, postalCode: '62705' }),
      keysOf('postal-digits-family-prefix'),
    );
  });

  it('keys a record under every rule of the model, without duplicates', () => {
    const keys = blockingKeys(
      ['ssn', 'ssn', 'other-id'],
      features({ otherIdentifiers: [otherId('a', 'X1'), otherId('a', 'X1')] }),
    );
    assert.deepEqual(keys, ['other-id:a|other-id|a:X1']);
    assert.equal(
      blockingRuleOfKey('birth-date-postal-code:1980-07-04|62704'),
      'birth-date-postal-code',
    );
  });

  it('refuses an unknown rule', () => {
    assert.throws(() => resolveBlockingRules(['horoscope']), /unknown blocking rule "horoscope"/);
  });
});

describe('sparse blocking rules', () => {
  for (const [rule, expected] of sparseCases) {
    it(`${rule} keys a sparse record, never a rich one`, () => {
      assert.deepEqual(keysOf(rule, SPARSE), expected);
      assert.deepEqual(keysOf(rule, features()), [], 'no key without the fields');
      assert.deepEqual(keysOf(rule, { ...WILLIAM, emailLocalPart: 'email-local-part:bill' }), []);
    });
  }

  const strong: [string, Partial<MatchFeatures>][] = [
    ['an SSN', { ssn: token('ssn', '219099998') }],
    ['a phone', { phone: token('phone', '5551234567') }],
    ['a postal code', { postalCode: '62704' }],
    ['a street address without a postal code', { addressLine: '34 bowen cir sw' }],
    ['another identifier', { otherIdentifiers: [otherId('medicaid', 'AB1234567')] }],
  ];
  for (const [name, field] of strong) {
    it(`a record with ${name} is not sparse`, () => {
      assert.equal(isSparse(SPARSE), true);
      assert.equal(isSparse({ ...SPARSE, ...field }), false);
    });
  }

  const pairs = (rule: string, a: MatchFeatures, b: MatchFeatures): number =>
    candidatePairs([rule], [a, b]).pairs.left.length;
  const named = (given: string | null, family: string | null): MatchFeatures => ({
    ...SPARSE,
    given,
    givenMetaphone: given === null ? null : given.toUpperCase(),
    family,
    familyMetaphone: family === null ? null : family.toUpperCase(),
  });
  const nameRows: [string, string, MatchFeatures, MatchFeatures, number][] = [
    ['given names alike', 'sparse-name-sound', named('jms', 'isk'), named('jms', 'tfs'), 1],
    [
      'one name in the other field of a full record: two people sharing a name',
      'sparse-name-sound',
      named('jms', 'isk'),
      named('tfs', 'jms'),
      0,
    ],
    [
      'a lone name meets either field',
      'sparse-name-sound',
      named(null, 'jms'),
      named('jms', 'tfs'),
      1,
    ],
    [
      'names swapped, one mistyped',
      'sparse-name-sound-other-initial',
      named('jms', 'isk'),
      named('ixx', 'jms'),
      1,
    ],
    [
      'one name in the other field, other initials differ',
      'sparse-name-sound-other-initial',
      named('jms', 'isk'),
      named('tfs', 'jms'),
      0,
    ],
  ];
  for (const [name, rule, a, b, expected] of nameRows) {
    it(`${rule}: ${name} -> ${expected} pair`, () => {
      assert.equal(pairs(rule, a, b), expected);
    });
  }

  it('finds a birth date with day and month swapped', () => {
    const swapped = { ...SPARSE, birthDate: '1980-04-07' };
    assert.equal(pairs('sparse-birth-date-any-order', SPARSE, swapped), 1);
    assert.equal(
      pairs('sparse-birth-date-any-order', SPARSE, { ...SPARSE, birthDate: '1981-07-04' }),
      0,
    );
  });

  it('pairs sparse records whose names and birth date all differ, by the e-mail mailbox name', () => {
    const other = features({
      given: 'wiliam',
      givenMetaphone: 'ALM',
      birthDate: '1981-07-04',
      email: { token: 'email:bill@exmaple.com', variants: [] },
      emailLocalPart: 'email-local-part:bill',
    });
    const run = candidatePairs(['sparse-email-local-part'], [SPARSE, other]);
    assert.deepEqual([...run.pairs.left], [0]);
    assert.deepEqual([...run.pairs.right], [1]);
  });
});

describe('candidatePairs', () => {
  const born = (birthDate: string, given = 'ann') =>
    features({ given, givenCanonical: given, birthDate, postalCode: '62704' });

  it('pairs records sharing a key, once, and tells which rule found them', () => {
    const records = [
      born('1980-01-01'),
      born('1980-01-01'),
      born('1990-05-05'),
      born('1980-01-01', 'bob'),
    ];
    const run = candidatePairs(['given-canonical-birth-date', 'birth-date-postal-code'], records);
    assert.deepEqual([...run.pairs.left], [0, 0, 1]);
    assert.deepEqual([...run.pairs.right], [1, 3, 3]);
    assert.deepEqual([...(run.byRule.get('given-canonical-birth-date')?.left ?? [])], [0]);
    assert.equal(run.truncatedKeys, 0);
  });

  it('caps how many earlier records of a key each record meets', () => {
    const records = Array.from({ length: 10 }, () => born('1980-01-01'));
    const run = candidatePairs(['birth-date-postal-code'], records, { capPerKey: 3 });
    // Records 1..3 meet all earlier ones (1 + 2 + 3), records 4..9 meet the first three.
    assert.equal(run.pairs.left.length, 6 + 6 * 3);
    assert.equal(run.truncatedKeys, 1);
    assert.ok([...run.pairs.left].every((index) => index < 3));
  });
});
