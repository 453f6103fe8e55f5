import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Contributor,
  GoldenField,
  Pins,
  SurvivorshipContext,
  defaultSurvivorshipRules,
} from '../../src/linkage/golden-record';
import { computeGoldenRecord } from '../../src/linkage/survivorship';
import { buildNicknameTable } from '../../src/matching/normalize/nickname-table';
import { Demographics } from '../../src/formats/demographics';

const blank: Demographics = {
  givenName: null,
  middleName: null,
  familyName: null,
  suffix: null,
  birthDate: null,
  sex: null,
  addressLine: null,
  city: null,
  state: null,
  postalCode: null,
  mothersMaidenName: null,
  multipleBirth: null,
};

let clock = 0;
/** A registration; each one made later than the one before, unless `at` says otherwise. */
const reg = (d: Partial<Demographics>, source = 'lab', at?: string): Contributor => {
  clock += 1;
  return {
    recordId: `r${String(clock).padStart(3, '0')}`,
    source,
    changedAt: '2024-01-01T00:00:00.000Z',
    eventAt: at ?? new Date(Date.UTC(2024, 0, 1) + clock * 60_000).toISOString(),
    demographics: { ...blank, ...d },
  };
};

const COMMON: Record<string, number> = {
  william: 900,
  james: 800,
  jimmie: 40,
  smith: 1000,
  thompson: 300,
  ward: 200,
  garcia: 500,
  lopez: 400,
  jones: 900,
  mary: 700,
  robert: 700,
};
const context: SurvivorshipContext = {
  nicknames: buildNicknameTable([
    ['william', 'bill'],
    ['william', 'billy'],
    ['james', 'jim'],
    ['james', 'jimmie'],
    ['ray', 'raymond'],
    ['raymond', 'ray'],
  ]),
  givenFrequency: (name) => COMMON[name] ?? 0,
  familyFrequency: (name) => COMMON[name] ?? 0,
};
const rules = defaultSurvivorshipRules(['hospital', 'clinic']);

interface Case {
  name: string;
  field: GoldenField;
  registrations: Contributor[];
  pins?: Pins;
  value: unknown;
  strategy?: string;
  reason?: RegExp;
}

const given = (...names: string[]): Contributor[] => names.map((n) => reg({ givenName: n }));
const family = (...names: string[]): Contributor[] => names.map((n) => reg({ familyName: n }));
const maiden = (...names: string[]): Contributor[] =>
  names.map((n) => reg({ mothersMaidenName: n }));
/** Mary, born 1980-07-04, registered under `familyName` (later than the one before). */
const mary = (familyName: string, d: Partial<Demographics> = {}, at?: string): Contributor =>
  reg({ givenName: 'mary', birthDate: '1980-07-04', familyName, ...d }, 'lab', at);
const born = (...dates: string[]): Contributor[] => dates.map((d) => reg({ birthDate: d }));

const CASES: Case[] = [
  // Clusters: values the comparisons call the same vote together.
  {
    name: 'a nickname and a typo vote with the name they stand for',
    field: 'givenName',
    registrations: given('jimmie', 'jimmmie', 'jim', 'robert', 'robert'),
    value: 'jimmie',
    strategy: 'most-frequent',
    reason: /^3 of 5 registrations/,
  },
  {
    name: 'compound surname parts vote with the whole name',
    field: 'mothersMaidenName',
    registrations: maiden('garcia lopez', 'garcia', 'lopez', 'smith', 'smith'),
    value: 'garcia lopez',
    reason: /3 of 5 registrations; most complete form/,
  },
  {
    name: 'dates one part apart or swapped vote together',
    field: 'birthDate',
    registrations: born('1980-07-04', '1980-04-07', '1980-07-14', '1975-01-01', '1975-01-01'),
    value: '1980-07-04',
    reason: /3 of 5 registrations; the date most registrations agree with part by part/,
  },
  // Representatives: the best form inside the winning cluster.
  {
    name: 'the formal name over its nickname',
    field: 'givenName',
    registrations: given('bill', 'bill', 'william'),
    value: 'william',
    reason: /all|3 of 3 registrations; formal name of 'bill'/,
  },
  {
    name: 'a formal name listed both ways in the table: the longer shortening wins',
    field: 'givenName',
    registrations: given('ray', 'raymond'),
    value: 'raymond',
  },
  {
    name: 'the common spelling over a rare variant of as many registrations',
    field: 'mothersMaidenName',
    registrations: maiden('smiht', 'smith'),
    value: 'smith',
    reason: /common spelling, over 'smiht'/,
  },
  // Typos: a spelling nobody carries, written once, reads as the known name the others back.
  {
    name: 'a typo beside a nickname reads as the formal name, in the case it was written',
    field: 'givenName',
    registrations: given('WIILIAM', 'bill'),
    value: 'WILLIAM',
    reason: /'wiiliam' read as 'william'.*formal name of 'bill'/,
  },
  {
    name: 'two typos of one name read as that name',
    field: 'givenName',
    registrations: given('jmaes', 'jamse'),
    value: 'james',
    strategy: 'only-value',
    reason: /^all 2 registrations agree; '(jmaes|jamse)' read as 'james'/,
  },
  {
    name: 'a spelling written twice is a name, not a typo',
    field: 'givenName',
    registrations: given('jmaes', 'jmaes', 'james'),
    value: 'jmaes',
  },
  {
    name: 'a typo nobody else backs is not read',
    field: 'givenName',
    registrations: given('jmaes', 'robert'),
    value: 'robert',
    reason: /^1 of 2 registrations; a tie, broken by a name people carry over a rare spelling$/,
  },
  {
    name: 'more parts, not more characters: a typo with an extra letter is no more complete',
    field: 'familyName',
    registrations: family('smithh', 'smith'),
    value: 'smith',
  },
  {
    name: 'a middle name over its initial',
    field: 'middleName',
    registrations: [
      reg({ middleName: 'j' }),
      reg({ middleName: 'j' }),
      reg({ middleName: 'james' }),
    ],
    value: 'james',
  },
  {
    name: 'a compound name whose words most registrations share',
    field: 'familyName',
    registrations: family('thompsonb ward', 'thompson ward', 'thompson'),
    value: 'thompson ward',
    reason: /its words registered most often/,
  },
  {
    name: 'the date most registrations agree with part by part',
    field: 'birthDate',
    registrations: born('1980-07-04', '1980-07-14', '1980-08-04'),
    value: '1980-07-04',
  },
  // Ties between clusters of one size (of a value that never changes).
  {
    name: 'a tie: source trust first',
    field: 'mothersMaidenName',
    registrations: [
      reg({ mothersMaidenName: 'okafor' }, 'clinic'),
      reg({ mothersMaidenName: 'nwosu' }, 'lab'),
    ],
    value: 'okafor',
    strategy: 'source-trust',
    reason: /a tie, broken by source trust/,
  },
  {
    name: 'a tie: then the newest registration by event time, not by write order',
    field: 'mothersMaidenName',
    registrations: [
      reg({ mothersMaidenName: 'okafor' }, 'lab', '2023-05-01T00:00:00.000Z'),
      reg({ mothersMaidenName: 'nwosu' }, 'lab', '2021-05-01T00:00:00.000Z'),
    ],
    value: 'okafor',
    strategy: 'most-recent',
  },
  // A family name changes over a life: the newest registration speaking for the person.
  {
    name: 'a changed family name: the newest registration beats more older ones',
    field: 'familyName',
    registrations: [mary('smith'), mary('smith'), mary('smith'), mary('jones')],
    value: 'jones',
    strategy: 'most-recent',
    reason:
      /^1 of 4 registrations; the newest registration agreeing with given name and birth date/,
  },
  {
    name: 'newest by the time the source gives, not by the order registrations arrive',
    field: 'familyName',
    registrations: [
      mary('jones', {}, '2019-01-01T00:00:00.000Z'),
      mary('smith', {}, '2022-01-01T00:00:00.000Z'),
      mary('smith', {}, '2021-01-01T00:00:00.000Z'),
    ],
    value: 'smith',
  },
  {
    name: 'a registration with another given name people carry renames no one',
    field: 'familyName',
    registrations: [mary('smith'), mary('smith'), mary('jones', { givenName: 'robert' })],
    value: 'smith',
    reason: /^2 of 3 registrations; the newest registration agreeing/,
  },
  {
    name: 'a registration with another birth date renames no one',
    field: 'familyName',
    registrations: [mary('smith'), mary('smith'), mary('jones', { birthDate: '1955-02-11' })],
    value: 'smith',
  },
  {
    name: 'a mistyped given name or birth date still speaks for the person',
    field: 'familyName',
    registrations: [
      mary('smith'),
      mary('smith'),
      mary('jones', { givenName: 'mray', birthDate: '1980-07-14' }),
    ],
    value: 'jones',
    strategy: 'most-recent',
  },
  {
    name: 'a lone spelling no one carries is no new name',
    field: 'familyName',
    registrations: [mary('smith'), mary('smith'), mary('qzxv')],
    value: 'smith',
  },
  {
    name: 'the new name in its best form: a typo of it gives way to the common spelling',
    field: 'familyName',
    registrations: [mary('smith'), mary('smith'), mary('jones'), mary('jnoes')],
    value: 'jones',
    reason: /2 of 4 registrations; the newest registration .*; common spelling, over 'jnoes'/,
  },
  {
    name: 'a hyphenated married name holding the maiden name is one value, kept whole',
    field: 'familyName',
    registrations: [mary('smith jones'), mary('smith'), mary('smith')],
    value: 'smith jones',
    reason: /^3 of 3 registrations; most complete form/,
  },
  {
    name: 'all one name by meaning: no change, the vote',
    field: 'familyName',
    registrations: [mary('thompson'), mary('thompson'), mary('thompsno')],
    value: 'thompson',
    strategy: 'most-frequent',
  },
  {
    name: 'a tie: a name people carry beats a cluster of rare spellings',
    field: 'givenName',
    registrations: given('james', 'qwzx'),
    value: 'james',
    reason: /a name people carry/,
  },
  // Placeholders never survive.
  {
    name: 'a placeholder never survives, however many registrations carry it',
    field: 'givenName',
    registrations: given('unknown', 'unknown', 'baby boy', 'james'),
    value: 'james',
    strategy: 'only-value',
  },
  {
    name: 'a stand-in for a name (a role, a refusal) never survives',
    field: 'familyName',
    registrations: [mary('weber'), mary('weber'), mary('household'), mary('occupant')],
    value: 'weber',
    strategy: 'only-value',
  },
  {
    name: 'a field with only placeholders stays empty',
    field: 'familyName',
    registrations: family('unknown', 'lnu'),
    value: undefined,
  },
  {
    name: 'sex unknown gives way to a known one',
    field: 'sex',
    registrations: [reg({ sex: 'unknown' }), reg({ sex: 'unknown' }), reg({ sex: 'female' })],
    value: 'female',
  },
  // Pins beat every strategy.
  {
    name: 'a pin beats the vote',
    field: 'familyName',
    registrations: family('smith', 'smith'),
    pins: { familyName: 'Smith-Jones' },
    value: 'Smith-Jones',
    strategy: 'pinned',
    reason: /pinned by a steward/,
  },
  {
    name: 'a pin beats the newest registration of a changed name',
    field: 'familyName',
    registrations: [mary('smith'), mary('jones')],
    pins: { familyName: 'Smith' },
    value: 'Smith',
    strategy: 'pinned',
  },
  {
    name: 'a pinned address field beats the newest registration',
    field: 'postalCode',
    registrations: [reg({ postalCode: '02139' }), reg({ postalCode: '60601' })],
    pins: { postalCode: '10001' },
    value: '10001',
    strategy: 'pinned',
  },
];

describe('survivorship by meaning', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const golden = computeGoldenRecord(c.registrations, rules, c.pins, context);
      const chosen = golden[c.field];
      assert.equal(chosen?.value, c.value);
      if (c.strategy) assert.equal(chosen?.strategy, c.strategy);
      if (c.reason) assert.match(chosen?.reason ?? '', c.reason);
    });
  }

  it('gives the same answer whatever order the registrations come in', () => {
    const registrations = given('jimmie', 'jimmmie', 'jim', 'robert', 'robert');
    const forward = computeGoldenRecord(registrations, rules, {}, context).givenName;
    const backward = computeGoldenRecord([...registrations].reverse(), rules, {}, context);
    assert.deepEqual(backward.givenName, forward);
  });

  it('names the record and source that supplied the value', () => {
    const golden = computeGoldenRecord([reg({ familyName: 'okafor' }, 'lab')], rules, {}, context);
    assert.deepEqual(golden.familyName, {
      value: 'okafor',
      recordId: golden.familyName?.recordId,
      source: 'lab',
      strategy: 'only-value',
      reason: 'the only registration with a value',
    });
    assert.equal(golden.givenName, undefined, 'a field no record has stays out');
  });
});

describe('survivorship: the registered form of a name', () => {
  const registered = (folded: string, spelled: string, source = 'lab'): Contributor =>
    reg({ familyName: folded, registered: { familyName: spelled } }, source);

  it('keeps the case, accents and hyphens of the registration that supplied it', () => {
    const golden = computeGoldenRecord(
      [registered('garcia lopez', 'GARCIA LOPEZ'), registered('garcia lopez', 'García-López')],
      rules,
      {},
      context,
    );
    assert.equal(golden.familyName?.value, 'García-López');
  });

  it('prefers the spelling that keeps accents over one that lost them', () => {
    const golden = computeGoldenRecord(
      [
        registered('garcia lopez', 'Garcia-Lopez', 'hospital'),
        registered('garcia lopez', 'García-López'),
      ],
      rules,
      {},
      context,
    );
    assert.equal(golden.familyName?.value, 'García-López');
  });

  it('ignores a registered spelling that does not fold to the stored value', () => {
    const golden = computeGoldenRecord([registered('smith', 'Smith Jr')], rules, {}, context);
    assert.equal(golden.familyName?.value, 'smith');
  });
});

describe('survivorship: the address moves as one unit', () => {
  it('takes every part from the newest registration by event time', () => {
    const golden = computeGoldenRecord(
      [
        reg(
          { addressLine: '9 new st', city: 'chicago', postalCode: '60601' },
          'pharmacy',
          '2024-06-01T00:00:00.000Z',
        ),
        reg(
          { addressLine: '1 old rd', city: 'boston', state: 'ma', postalCode: '02139' },
          'hospital',
          '2020-01-01T00:00:00.000Z',
        ),
      ],
      rules,
      {},
      context,
    );
    assert.equal(golden.addressLine?.value, '9 new st');
    assert.equal(golden.city?.value, 'chicago');
    assert.equal(golden.state, undefined, 'no state from the older address');
    assert.equal(golden.postalCode?.recordId, golden.addressLine?.recordId);
    assert.equal(golden.addressLine?.strategy, 'most-recent');
    assert.match(golden.addressLine?.reason ?? '', /newest of 2 registrations/);
  });

  it('completes a blank part from an older registration of the same address, never another', () => {
    const golden = computeGoldenRecord(
      [
        reg(
          { addressLine: '9 new st', city: 'chicago', postalCode: '60601' },
          'lab',
          '2024-01-01T00:00:00.000Z',
        ),
        reg(
          { addressLine: '1 old rd', state: 'ma', postalCode: '02139' },
          'lab',
          '2020-01-01T00:00:00.000Z',
        ),
        reg({ addressLine: '9 new st', state: 'il' }, 'lab', '2025-01-01T00:00:00.000Z'),
      ],
      rules,
      {},
      context,
    );
    assert.equal(golden.addressLine?.value, '9 new st');
    assert.equal(golden.state?.value, 'il');
    assert.equal(golden.postalCode?.value, '60601', 'from the older registration of 9 new st');
    assert.match(golden.postalCode?.reason ?? '', /most registrations of the same address/);
    assert.equal(golden.city?.value, 'chicago');
  });

  it('falls back to the write time for records stored before event times were kept', () => {
    const older = { ...reg({ postalCode: '02139' }), changedAt: '2020-01-01T00:00:00.000Z' };
    const newer = { ...reg({ postalCode: '60601' }), changedAt: '2024-01-01T00:00:00.000Z' };
    delete older.eventAt;
    delete newer.eventAt;
    const golden = computeGoldenRecord([newer, older], rules, {}, context);
    assert.equal(golden.postalCode?.value, '60601');
  });
});
