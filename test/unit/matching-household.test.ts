import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadReferenceTables } from '../../src/config/reference-tables';
import { buildFeatures } from '../../src/matching/features/build-features';
import { normalizeRecord } from '../../src/matching/normalize/normalize-record';
import { ownIdentifier } from '../../src/matching/normalize/other-identifiers';
import { sameGivenName } from '../../src/matching/compare/name-similarity';
import { CanonicalRecord, MatchFeatures } from '../../src/matching/record-types';
import { GUARDS } from '../../src/matching/rules/conflict-guards';
import { reviewReasonOfPair } from '../../src/matching/rules/review-reason';
import { pairContradicts, scorePair, weighPair } from '../../src/matching/score/score-pair';
import { DEFAULT_MODEL_PATH, readModelFile } from '../../src/retrieval/match-model.provider';

const MODEL = readModelFile(DEFAULT_MODEL_PATH);
const TABLES = loadReferenceTables(path.resolve(__dirname, '..', '..', '..', 'data', 'reference'));
const tokenizer = (domain: string, value: string): string =>
  createHmac('sha256', 'test-key').update(`${domain}\0${value}`).digest('base64url');

/** Features as the ingest makes them: normalized with the real reference tables, tokenized. */
function registered(record: CanonicalRecord): MatchFeatures {
  const result = normalizeRecord(record, TABLES);
  assert.ok('record' in result, 'the record normalizes');
  return buildFeatures(result.record, tokenizer, 'k1');
}

/** One household: family name, birth date, address and phone of twins born in 2016. */
const HOME: CanonicalRecord = {
  family_name: 'Garcia',
  birth_date: '2016-03-09',
  sex: 'male',
  phone: '217-555-0142',
  address_line: '44 Elm Street',
  postal_code: '62704',
};

describe('household evidence', () => {
  it('counts the household fields once: the waterfall adds up to the total', () => {
    const score = scorePair(
      MODEL,
      registered({ ...HOME, given_name: 'Aiden' }),
      registered({ ...HOME, given_name: 'Aiden' }),
    );
    assert.equal(score.sameHousehold, true);
    const household = score.explanation.comparisons.find((c) => c.comparisonId === 'household');
    assert.ok(household !== undefined && household.weight < 0, 'the household line takes bits off');
    const sum =
      score.explanation.prior.weight +
      score.explanation.comparisons.reduce((total, c) => total + c.weight, 0);
    assert.ok(Math.abs(sum - score.weight) < 1e-9);
    const members = ['family_name', 'address', 'phone']
      .map((id) => score.explanation.comparisons.find((c) => c.comparisonId === id)?.weight ?? 0)
      .reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(members + household.weight - Math.log2(0.6 / 0.00001)) < 1e-9);
    assert.equal(score.matchClass, 'certain');
  });

  const twins: [string, CanonicalRecord, CanonicalRecord, string[]][] = [
    [
      'twins with alike names and different SSNs',
      { ...HOME, given_name: 'Aiden', ssn: '219-09-9998' },
      { ...HOME, given_name: 'Aidan', ssn: '318-44-1207' },
      ['no-match', 'possible'],
    ],
    [
      'twins without SSNs',
      { ...HOME, given_name: 'Kaylee' },
      { ...HOME, given_name: 'Kayla' },
      ['probable', 'possible'],
    ],
    [
      'twins with consecutive SSNs',
      { ...HOME, given_name: 'Jayden', ssn: '219-09-9998' },
      { ...HOME, given_name: 'Jaden', ssn: '219-09-9999' },
      ['probable', 'possible', 'no-match'],
    ],
    [
      'twins sharing one MRN reused by a source',
      { ...HOME, given_name: 'Aracely', other_identifiers: 'mrn:st-mary|M77' },
      { ...HOME, given_name: 'Araceli', other_identifiers: 'mrn:st-mary|M77' },
      ['probable'],
    ],
  ];
  for (const [name, a, b, classes] of twins) {
    it(`never links ${name}`, () => {
      const score = weighPair(MODEL, registered(a), registered(b));
      assert.ok(classes.includes(score.matchClass), `${score.matchClass} (${score.weight})`);
      assert.equal(weighPair(MODEL, registered(b), registered(a)).matchClass, score.matchClass);
    });
  }

  it('still links a clerk’s typo inside one household (the typo is no name)', () => {
    const score = weighPair(
      MODEL,
      registered({ ...HOME, given_name: 'Ethan' }),
      registered({ ...HOME, given_name: 'Ehtan' }),
    );
    assert.equal(score.matchClass, 'certain');
  });

  it('a typo of a given name that is no name lifts the twin reading of a shared birth date', () => {
    // Only a name and a shared birth date in one home: the clerk's typo must stand on them.
    const home = {
      family_name: 'Stoker',
      birth_date: '1930-01-21',
      address_line: '5 Ballumbir St',
    };
    const holly = registered({ ...home, given_name: 'Holly', other_identifiers: 'mrn:x|M1' });
    const hokly = registered({ ...home, given_name: 'Hokly', other_identifiers: 'mrn:x|M2' });
    const score = scorePair(MODEL, holly, hokly);
    const date = score.explanation.comparisons.find((c) => c.comparisonId === 'birth_date');
    assert.equal(score.sameHousehold, true);
    assert.equal(date?.levelLabel, 'exact match', 'weighed as between strangers');
    assert.equal(score.matchClass, 'certain');
  });

  it('a phone one digit apart at one address is the household’s phone mistyped', () => {
    // A mother's record carrying her newborn's birth date (copied by a clerk), and the baby's.
    const mother = registered({
      given_name: 'Jana',
      family_name: 'Vozzella',
      birth_date: '2017-01-07',
      sex: 'female',
      phone: '615-390-4154',
      address_line: '4136 S Rodney Dr',
      postal_code: '37236',
    });
    const baby = registered({
      given_name: 'Jana Boy',
      family_name: 'Hollingsworth',
      birth_date: '2017-01-07',
      sex: 'male',
      phone: '615-390-4155',
      address_line: '4136 S Rodney Dr',
      postal_code: '37236',
    });
    const score = weighPair(MODEL, mother, baby);
    assert.equal(score.sameHousehold, true);
    assert.notEqual(score.matchClass, 'certain');
  });

  it('two men of one name and birth date whose middle initials, homes and phones differ are not certain', () => {
    const shawn = (middle: string, address: string, postal: string, phone: string): MatchFeatures =>
      registered({
        phone,
        given_name: 'Shawn',
        middle_name: middle,
        family_name: 'Tyler',
        birth_date: '1999-10-20',
        sex: 'male',
        address_line: address,
        postal_code: postal,
      });
    const score = weighPair(
      MODEL,
      shawn('K', '689 Old Bedford Road', '11261', '347-965-7684'),
      shawn('G', '8203 West Farwell Avenue', '62759', '217-943-3424'),
      // A given name as rare as the model lets one be (its minimum u).
      { termFrequency: (id) => (id === 'given_name' ? 0.0005 : undefined) },
    );
    assert.notEqual(score.matchClass, 'certain');
  });

  it('alike real names and nicknames keep the twin reading of a shared birth date', () => {
    for (const [x, y] of [
      ['Kaylee', 'Kayla'],
      ['Danielle', 'Ellie'],
    ]) {
      const score = scorePair(
        MODEL,
        registered({ ...HOME, given_name: x }),
        registered({ ...HOME, given_name: y }),
      );
      const date = score.explanation.comparisons.find((c) => c.comparisonId === 'birth_date');
      assert.match(date?.levelLabel ?? '', /inside one household/, `${x} / ${y}`);
    }
  });

  it('a father and son of one name, one without his Jr, under the father’s SSN: review', () => {
    const father = registered({
      ...HOME,
      given_name: 'Joseph',
      birth_date: '1979-05-14',
      ssn: '219-09-9998',
    });
    const son = registered({
      ...HOME,
      given_name: 'Joseph',
      suffix: 'Jr',
      birth_date: '2010-08-02',
      ssn: '219-09-9998',
    });
    const score = weighPair(MODEL, father, son);
    assert.notEqual(score.matchClass, 'certain');
    assert.equal(score.rule?.rule, 'shared-identifier-conflict');
    assert.equal(reviewReasonOfPair(score, father, son), 'generational');
  });

  it('one name in one home without a birth date does not tell a father from his son', () => {
    const { birth_date: _date, ...undated } = HOME;
    const score = weighPair(
      MODEL,
      registered({ ...undated, given_name: 'Jeffery', middle_name: 'W' }),
      registered({ ...undated, given_name: 'Jeffery', middle_name: 'W' }),
    );
    assert.equal(score.rule?.guard, 'household-person-unconfirmed');
    assert.equal(score.matchClass, 'probable');
    const numbered = weighPair(
      MODEL,
      registered({ ...undated, given_name: 'Jeffery', ssn: '219-09-9998' }),
      registered({ ...undated, given_name: 'Jeffery', ssn: '219-09-9998' }),
    );
    assert.equal(numbered.matchClass, 'certain');
  });

  it('a father and son of one name without any suffix: not certain', () => {
    const father = registered({ ...HOME, given_name: 'Joseph', birth_date: '1979-05-14' });
    const son = registered({ ...HOME, given_name: 'Joseph', birth_date: '2010-05-14' });
    assert.notEqual(weighPair(MODEL, father, son).matchClass, 'certain');
  });

  it('a sibling with another name and birth date is not even proposed', () => {
    const score = weighPair(
      MODEL,
      registered({ ...HOME, given_name: 'Aiden' }),
      registered({ ...HOME, given_name: 'Sofia', sex: 'female', birth_date: '2012-11-30' }),
    );
    assert.equal(score.matchClass, 'no-match');
  });

  it('twins living apart (family name and birth date only) are not certain with alike names', () => {
    const score = weighPair(
      MODEL,
      registered({ ...HOME, given_name: 'Michael', ssn: '219-09-9998' }),
      registered({
        family_name: 'Garcia',
        birth_date: '2016-03-09',
        sex: 'male',
        given_name: 'Michel',
        ssn: '219-09-9999',
        address_line: '9 Oak Avenue',
        postal_code: '10001',
      }),
    );
    assert.notEqual(score.matchClass, 'certain');
  });

  it('tells twins (contradicting) from one person split by a typo (not contradicting)', () => {
    const aiden = registered({ ...HOME, given_name: 'Aiden', ssn: '219-09-9998' });
    assert.equal(
      pairContradicts(
        MODEL,
        aiden,
        registered({ ...HOME, given_name: 'Aidan', ssn: '318-44-1207' }),
      ),
      true,
    );
    assert.equal(
      pairContradicts(
        MODEL,
        aiden,
        registered({ ...HOME, given_name: 'Aidne', ssn: '219-09-9998' }),
      ),
      false,
    );
  });

  it('a record without a given name is held back, yet contradicts no one of the home', () => {
    const aiden = registered({ ...HOME, given_name: 'Aiden', middle_name: 'Mateo' });
    const nameless = registered({ ...HOME });
    const guard = GUARDS['household-person-unconfirmed'];
    const home = {
      sameHousehold: true,
      sameFamily: false,
      nearIdentifier: false,
      nearPersonalIdentifier: false,
      personalNumbersDiffer: false,
    };
    assert.equal(guard.holds(aiden, nameless, home), true, 'no link without a given name');
    assert.equal(guard.unconfirmed?.(aiden, nameless), true);
    assert.equal(pairContradicts(MODEL, aiden, nameless), false, 'unconfirmed, not two people');
    const undated = registered({ ...HOME, given_name: 'Aiden', birth_date: '' });
    assert.equal(guard.holds(aiden, undated, home), true, 'a name needs a birth date beside it');
    assert.equal(pairContradicts(MODEL, aiden, undated), false, 'a son of his name, or he');
    const otherMiddle = registered({ ...HOME, middle_name: 'Lucas' });
    assert.equal(pairContradicts(MODEL, aiden, otherMiddle), true, 'another middle name is');
    const twins = [
      registered({ ...HOME, given_name: 'Aiden' }),
      registered({ ...HOME, given_name: 'Aidan' }),
    ] as const;
    assert.equal(pairContradicts(MODEL, ...twins), true, 'an alike given name is a twin');
  });

  it('weighs plainly against only below the chain guard: one person who moved is one person', () => {
    const CHAIN_GUARD = -10; // bits, MPI_CHAIN_GUARD_BITS's default
    const kathy = (fields: CanonicalRecord): MatchFeatures =>
      registered({ family_name: 'Okafor', sex: 'female', ...fields });
    const before = kathy({
      given_name: 'Katherine',
      birth_date: '1984-07-19',
      phone: '312-555-0188',
      address_line: '17 Wabash Avenue',
      postal_code: '60605',
    });
    const moved = kathy({
      given_name: 'Kathy',
      birth_date: '1984-07-16',
      phone: '773-555-0101',
      address_line: '2200 Lake Shore Drive',
      postal_code: '60614',
    });
    const weight = weighPair(MODEL, before, moved).weight;
    assert.ok(weight < 0 && weight > CHAIN_GUARD, `below 0 bits, above the guard (${weight})`);
    assert.equal(pairContradicts(MODEL, before, moved, {}, CHAIN_GUARD), false);
    const aiden = registered({ ...HOME, given_name: 'Aiden', ssn: '219-09-9998' });
    const twin = registered({ ...HOME, given_name: 'Aidan', ssn: '318-44-1207' });
    assert.equal(pairContradicts(MODEL, aiden, twin, {}, CHAIN_GUARD), true, 'twins still do');
  });

  it('names the reason a steward reads', () => {
    const a = registered({ ...HOME, given_name: 'Kaylee' });
    const b = registered({ ...HOME, given_name: 'Kayla' });
    assert.equal(reviewReasonOfPair(weighPair(MODEL, a, b), a, b), 'possible-twin');
    const older = registered({ ...HOME, given_name: 'Kayla', birth_date: '2013-01-20' });
    assert.equal(reviewReasonOfPair(weighPair(MODEL, a, older), a, older), 'household-member');
  });
});

describe('telling the person apart inside one home (the registry categories)', () => {
  const home: CanonicalRecord = {
    family_name: 'Lopez',
    birth_date: '2019-12-12',
    sex: 'female',
    phone: '630-555-0120',
    address_line: '2130 Pleasant Valley Rd',
    postal_code: '60506',
    mothers_maiden_name: 'Ruiz',
  };

  it('twin sisters with compound names of one first word (Ana Sofia / Ana Lucia): two names, held back', () => {
    const score = scorePair(
      MODEL,
      registered({ ...home, given_name: 'Ana Sofia' }),
      registered({ ...home, given_name: 'Ana Lucia' }),
    );
    const given = score.explanation.comparisons.find((c) => c.comparisonId === 'given_name');
    assert.equal(given?.levelId, 'else');
    assert.notEqual(score.matchClass, 'certain');
  });

  it('one compound name written over one field or two (Ye-jin / Ye + Jin, Mary Kate / Mary + Kate): one person', () => {
    for (const [one, given, middle] of [
      ['Ye-jin', 'Ye', 'Jin'],
      ['Mary Kate', 'Mary', 'Kate'],
    ] as const) {
      const score = scorePair(
        MODEL,
        registered({ ...home, given_name: one }),
        registered({ ...home, given_name: given, middle_name: middle }),
      );
      const level = score.explanation.comparisons.find((c) => c.comparisonId === 'given_name');
      assert.equal(level?.levelId, 'full-name', one);
      assert.equal(score.matchClass, 'certain', one);
    }
  });

  it('twins under one MRN, two given names on one birth date: the shared number does not outweigh them', () => {
    const mrn = 'urn:clinic:mrn|RB188340';
    const score = weighPair(
      MODEL,
      registered({ ...home, sex: 'male', given_name: 'Leo', other_identifiers: mrn }),
      registered({ ...home, sex: 'male', given_name: 'Luca', other_identifiers: mrn }),
    );
    assert.equal(score.rule?.rule, 'shared-identifier-conflict');
    assert.notEqual(score.matchClass, 'certain');
  });

  it('a given name replaced under the person’s own number, nothing else differing: one person', () => {
    // FEBRL's duplicates: a clerk's replaced name (Hayley / Oakleigh), one birth date, one home
    // and one social-security number. The given-name guard and its override weigh it.
    const number = 'urn:registry:soc_sec_id|6731902';
    for (const [x, y] of [
      ['Hayley', 'Oakleigh'],
      ['Luke', 'Mia'],
    ]) {
      const score = weighPair(
        MODEL,
        registered({ ...HOME, sex: '', given_name: x, other_identifiers: number }),
        registered({ ...HOME, sex: '', given_name: y, other_identifiers: number }),
      );
      assert.equal(score.matchClass, 'certain', `${x} / ${y}`);
    }
  });

  it('a short form of the given name in one home (Finn / Finnegan): one person, not twins', () => {
    const mrn = 'urn:clinic:mrn|RB188355';
    const score = weighPair(
      MODEL,
      registered({
        ...HOME,
        given_name: 'Finnegan',
        middle_name: 'Joseph',
        other_identifiers: mrn,
      }),
      registered({ ...HOME, given_name: 'Finn', other_identifiers: mrn }),
    );
    assert.equal(score.rule, null);
    assert.equal(score.matchClass, 'certain');
  });

  it('twins whose names begin alike under one SSN (one copied onto the other’s record): held back', () => {
    const ssn = '318-44-2907';
    const score = weighPair(
      MODEL,
      registered({ ...HOME, given_name: 'Leo', ssn }),
      registered({ ...HOME, given_name: 'Luca', ssn }),
    );
    assert.equal(score.rule?.guard, 'household-names');
    assert.notEqual(score.matchClass, 'certain');
  });

  it('numbers one apart in the last digit inside one home are twins’ numbers, issued together', () => {
    // Khoa / Khang: names of no US list, so their likeness reads as a typo; what tells the twins
    // is the clinic's consecutive MRNs, which weigh against inside one home.
    const twin = (given: string, mrn: string): MatchFeatures =>
      registered({
        ...HOME,
        given_name: given,
        middle_name: 'Minh',
        multiple_birth: 'true',
        mothers_maiden_name: 'Tran',
        other_identifiers: `urn:clinic:mrn|${mrn}`,
      });
    const twins = weighPair(MODEL, twin('Khoa', 'LK-220417'), twin('Khang', 'LK-220418'));
    assert.notEqual(twins.matchClass, 'certain');
    const typo = weighPair(MODEL, twin('Khoa', 'LK-220417'), twin('Khoa', 'LK-220418'));
    assert.equal(typo.matchClass, 'certain', 'one name: the last digit is a typo');
  });

  it('a Slavic diminutive is the same given name (Kasia / Katarzyna, Sasha / Aleksandr)', () => {
    for (const [short, name] of [
      ['Kasia', 'Katarzyna'],
      ['Sasha', 'Aleksandr'],
      ['Misha', 'Mikhail'],
    ]) {
      assert.equal(
        sameGivenName(registered({ given_name: short }), registered({ given_name: name })),
        true,
        `${short} / ${name}`,
      );
    }
  });

  it('the same two names under a number of no named kind (an OID) are held back: it may be an MRN', () => {
    const number = 'urn:oid:2.16.840.1.113883.3.4421|6731902';
    const score = weighPair(
      MODEL,
      registered({ ...HOME, sex: '', given_name: 'Hayley', other_identifiers: number }),
      registered({ ...HOME, sex: '', given_name: 'Oakleigh', other_identifiers: number }),
    );
    assert.equal(score.rule?.guard, 'household-names');
    assert.notEqual(score.matchClass, 'certain');
  });

  it('the same two names under a record number (an MRN, the other record’s own key) are held back', () => {
    const clinic = (given: string): MatchFeatures => {
      const result = normalizeRecord({ ...HOME, sex: '', given_name: given }, TABLES);
      assert.ok('record' in result);
      return buildFeatures(result.record, tokenizer, 'k1', ownIdentifier('clinic', '013675'));
    };
    const pharmacy = registered({
      ...HOME,
      sex: '',
      given_name: 'Oakleigh',
      other_identifiers: 'clinic|013675',
    });
    const score = weighPair(MODEL, clinic('Hayley'), pharmacy);
    assert.equal(score.rule?.guard, 'household-names');
    assert.notEqual(score.matchClass, 'certain');
  });

  it('a husband’s SSN on his wife’s record, one home, birth dates a part apart: two members, held back', () => {
    const ssn = '292-92-4821';
    const score = scorePair(
      MODEL,
      registered({ ...home, given_name: 'Nataly', sex: '', birth_date: '1993-11-23', ssn }),
      registered({ ...home, given_name: 'Paul', sex: 'male', birth_date: '1993-11-06', ssn }),
    );
    assert.equal(score.rule?.guard, 'household-names');
    assert.notEqual(score.matchClass, 'certain');
  });

  it('a child renamed on adoption, the full middle name and the SSN kept: one person', () => {
    const score = weighPair(
      MODEL,
      registered({
        ...home,
        sex: 'male',
        given_name: 'Tyrone',
        middle_name: 'Marcus',
        ssn: '412-67-3391',
      }),
      registered({
        ...home,
        sex: 'male',
        given_name: 'Elijah',
        middle_name: 'Marcus',
        ssn: '412-67-3391',
      }),
    );
    assert.equal(score.matchClass, 'certain');
  });

  it('goes by the middle name, the given name kept as an initial (Kwame J / Joseph Kwame): one person', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, sex: 'male', given_name: 'Joseph', middle_name: 'Kwame' }),
      registered({ ...home, sex: 'male', given_name: 'Kwame', middle_name: 'J' }),
    );
    assert.equal(score.rule, null);
    assert.equal(score.matchClass, 'certain');
  });

  it('one given name with full middle names that conflict: twins, held back', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Maria', middle_name: 'Jose', multiple_birth: 'true' }),
      registered({ ...home, given_name: 'Maria', middle_name: 'Fernanda', multiple_birth: 'true' }),
    );
    assert.equal(score.rule?.guard, 'household-person-unconfirmed');
    assert.notEqual(score.matchClass, 'certain');
  });

  it('two spellings of one name with one full middle name: one person', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Brianna', middle_name: 'Nicole' }),
      registered({ ...home, given_name: 'Breanna', middle_name: 'Nicole' }),
    );
    assert.equal(score.matchClass, 'certain');
  });

  it('a twin’s SSN copied onto her sister’s record confirms nothing when the middle names conflict', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Kendall', middle_name: 'Rae', ssn: '243-91-5506' }),
      registered({ ...home, given_name: 'Kennedy', middle_name: 'Joy', ssn: '243-91-5506' }),
    );
    assert.equal(score.rule?.rule, 'shared-identifier-conflict');
    assert.notEqual(score.matchClass, 'certain');
  });

  const ONE_NAME_OVER_TWO_FIELDS: [string, string | undefined, string, string | undefined][] = [
    ['Juan Carlos', undefined, 'Juan', 'Carlos'],
    ['Mary Ann', undefined, 'Mary', 'Ann'],
    ['Mary-Ann', undefined, 'Mary', 'Ann'],
  ];
  for (const [givenA, middleA, givenB, middleB] of ONE_NAME_OVER_TWO_FIELDS) {
    it(`${givenA} and ${givenB} + ${middleB ?? ''}: one name over one field or two, one person`, () => {
      const score = weighPair(
        MODEL,
        registered({ ...home, given_name: givenA, ...(middleA ? { middle_name: middleA } : {}) }),
        registered({ ...home, given_name: givenB, ...(middleB ? { middle_name: middleB } : {}) }),
      );
      assert.equal(score.rule, null);
      assert.equal(score.matchClass, 'certain');
    });
  }

  const GOES_BY_ANOTHER_NAME: [string, string, string, string | undefined][] = [
    ['James', 'Tyler', 'Tyler', undefined],
    ['Maria', 'del Carmen', 'Carmen', undefined],
    ['Linda', 'Xiaoling', 'Xiaoling', undefined],
    ['Jenny', 'Jiwoo', 'Ji-woo', undefined],
  ];
  for (const [givenA, middleA, givenB, middleB] of GOES_BY_ANOTHER_NAME) {
    it(`${givenA} ${middleA} and ${givenB}: all of one's names among the other's, one person`, () => {
      const score = weighPair(
        MODEL,
        registered({ ...home, given_name: givenA, middle_name: middleA }),
        registered({ ...home, given_name: givenB, ...(middleB ? { middle_name: middleB } : {}) }),
      );
      assert.equal(score.rule, null);
      assert.equal(score.matchClass, 'certain');
    });
  }

  it('twins with consecutive SSNs, one going by the other’s middle name: numbers of their own, held back', () => {
    const elizabeth = registered({
      ...home,
      given_name: 'Elizabeth',
      middle_name: 'Ashley',
      ssn: '243-44-8034',
    });
    const ashley = registered({ ...home, given_name: 'Ashley', ssn: '243-44-8035' });
    assert.notEqual(weighPair(MODEL, elizabeth, ashley).matchClass, 'certain');
    const unnumbered = registered({ ...home, given_name: 'Ashley' });
    assert.equal(weighPair(MODEL, elizabeth, unnumbered).matchClass, 'certain', 'no number: her');
  });

  it('sisters of one birth date, one’s given name the other’s middle: each has a name of her own', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Grace', middle_name: 'Elizabeth' }),
      registered({ ...home, given_name: 'Elizabeth', middle_name: 'Joy' }),
    );
    assert.notEqual(score.matchClass, 'certain');
  });

  it('given and middle names in the other order, one birth date: one person, the crossing weighed once', () => {
    const score = scorePair(
      MODEL,
      registered({ ...home, given_name: 'Anna', middle_name: 'Sophia' }),
      registered({ ...home, given_name: 'Sophia', middle_name: 'Anna' }),
    );
    const middle = score.explanation.comparisons.find((c) => c.comparisonId === 'middle_name');
    assert.equal(middle?.levelId, 'names-within');
    assert.equal(middle?.weight, 0);
    assert.equal(score.rule, null);
    assert.equal(score.matchClass, 'certain');
  });

  it('given and middle names in the other order under two SSNs of their own: held back', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Anna', middle_name: 'Sophia', ssn: '123-45-6701' }),
      registered({ ...home, given_name: 'Sophia', middle_name: 'Anna', ssn: '123-45-6795' }),
    );
    assert.notEqual(score.matchClass, 'certain');
  });

  it('a newborn placeholder its birth hospital says is no multiple birth, and the named child of that home and date: one person', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Baby Girl', multiple_birth: 'false' }),
      registered({ ...home, given_name: 'Chiamaka', middle_name: 'Adaeze' }),
    );
    assert.equal(score.rule, null);
    assert.equal(score.matchClass, 'certain');
  });

  it('a newborn placeholder nobody says is a singleton: a twin may share the day, held back', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Baby Girl' }),
      registered({ ...home, given_name: 'Chiamaka', middle_name: 'Adaeze' }),
    );
    assert.notEqual(score.matchClass, 'certain');
  });

  it('a singleton placeholder and a child of the home born on another day: two children', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Baby Girl', multiple_birth: 'false' }),
      registered({ ...home, given_name: 'Chiamaka', birth_date: '2021-03-08' }),
    );
    assert.notEqual(score.matchClass, 'certain');
  });

  it('the same birth order confirms twin B, named or still a newborn placeholder', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Baby Girl B', multiple_birth: '2' }),
      registered({ ...home, given_name: 'Lan', multiple_birth: '2' }),
    );
    assert.equal(score.matchClass, 'certain');
  });

  it('a mother’s SSN on her daughter of one name, a generation younger: generational', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Maria', birth_date: '1985-03-02', ssn: '243-91-5506' }),
      registered({ ...home, given_name: 'Maria', birth_date: '2013-07-19', ssn: '243-91-5506' }),
    );
    assert.equal(score.rule?.guard, 'generational');
    assert.notEqual(score.matchClass, 'certain');
  });

  it('31 December and 1 January are one birth a day apart, not two years', () => {
    const score = weighPair(
      MODEL,
      registered({
        ...home,
        given_name: 'Aaliyah',
        middle_name: 'Imani',
        birth_date: '2021-12-31',
      }),
      registered({
        ...home,
        given_name: 'Aaliyah',
        middle_name: 'Imani',
        birth_date: '2022-01-01',
      }),
    );
    assert.equal(score.matchClass, 'certain');
  });

  it('consecutive numbers ending in a check letter are numbers issued together, not a typo', () => {
    const twin = (given: string, medicaid: string): MatchFeatures =>
      registered({ ...home, given_name: given, other_identifiers: `medicaid:ca|${medicaid}` });
    const score = scorePair(MODEL, twin('Adrian', '92201457D'), twin('Andres', '92201458D'));
    const line = score.explanation.comparisons.find((c) => c.comparisonId === 'other_identifiers');
    assert.equal(line?.levelId, 'last-character');
    assert.notEqual(score.matchClass, 'certain');
  });

  it('a mother’s SSN on her daughter of her name mistyped, a generation younger: generational', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Jennifef', birth_date: '1978-05-13', ssn: '531-15-4692' }),
      registered({ ...home, given_name: 'Jennifer', birth_date: '2019-02-01', ssn: '531-15-4692' }),
    );
    assert.equal(score.rule?.guard, 'generational');
    assert.notEqual(score.matchClass, 'certain');
  });

  it('a surname written as a relative’s given name is no swap of the names (Mensah Javon / Patricia Mensah)', () => {
    const score = scorePair(
      MODEL,
      registered({ ...home, given_name: 'Patricia', family_name: 'Mensah', sex: 'female' }),
      registered({ ...home, given_name: 'Mensah', family_name: 'Javon' }),
    );
    const level = (id: string): string | undefined =>
      score.explanation.comparisons.find((c) => c.comparisonId === id)?.levelId;
    assert.equal(level('given_name'), 'else');
    assert.equal(level('family_name'), 'else');
    assert.notEqual(score.matchClass, 'certain');
  });

  it('twin brothers Robert and William are two names, though the table lists both under Bill', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Robert', middle_name: 'R', sex: 'male' }),
      registered({ ...home, given_name: 'William', sex: 'male' }),
    );
    assert.notEqual(score.matchClass, 'certain');
    assert.equal(
      sameGivenName(
        registered({ given_name: 'Bill', family_name: 'Ng' }),
        registered({ given_name: 'Robert', family_name: 'Ng' }),
      ),
      true,
    );
  });

  it('a Jr and a II of one birth date and SSN are one generation: no suffix conflict', () => {
    const dawson = (suffix: string): MatchFeatures =>
      registered({
        ...home,
        given_name: 'Robert',
        middle_name: 'Lee',
        family_name: 'Dawson',
        suffix,
        sex: 'male',
        birth_date: '1994-09-30',
        ssn: '227-83-1046',
      });
    const score = weighPair(MODEL, dawson('Jr'), dawson('II'));
    assert.equal(score.rule, null);
    assert.equal(score.matchClass, 'certain');
    assert.equal(weighPair(MODEL, dawson('Jr'), dawson('III')).rule?.guard, 'suffix-conflict');
  });

  it('two romanizations of one Russian name are one given name (Yekaterina / Ekaterina)', () => {
    const named = (given_name: string): MatchFeatures =>
      registered({ given_name, family_name: 'Smirnova' });
    assert.equal(sameGivenName(named('Yekaterina'), named('Ekaterina')), true);
    assert.equal(sameGivenName(named('Natalya'), named('Natalia')), true);
  });

  it('1 January, the date given when the day is unknown, tells little more than the year', () => {
    const huong = (ssn: string, address_line: string, phone = '714-555-0118'): MatchFeatures =>
      registered({
        phone,
        given_name: 'Huong',
        middle_name: 'Thi',
        family_name: 'Nguyen',
        birth_date: '1965-01-01',
        sex: 'female',
        ssn,
        address_line,
        postal_code: '92683',
      });
    const namesakes = scorePair(
      MODEL,
      huong('619-20-5503', '9200 Bolsa Ave'),
      huong('611-72-0940', '15500 Brookhurst St', '714-555-0199'),
    );
    const line = namesakes.explanation.comparisons.find((c) => c.comparisonId === 'birth_date');
    assert.equal(line?.levelId, 'exact-january-first');
    assert.notEqual(namesakes.matchClass, 'certain');
    const samePerson = weighPair(
      MODEL,
      huong('619-20-5503', '9200 Bolsa Ave'),
      huong('619-20-5503', '9200 Bolsa Avenue'),
    );
    assert.equal(samePerson.matchClass, 'certain');
  });

  it('a number shared under two family names and two birth dates is another member’s: review', () => {
    // An MRN keyed onto a housemate's record: one given name, the home and its phone, the rest
    // differs. The overrides give way to one field a clerk replaced, not to two.
    const jose = (family_name: string, birth_date: string, mrn: string): MatchFeatures =>
      registered({
        given_name: 'José',
        family_name,
        birth_date,
        sex: 'male',
        phone: '713-555-0150',
        address_line: '500 Jensen Dr',
        postal_code: '77020',
        other_identifiers: mrn,
      });
    const score = weighPair(
      MODEL,
      jose('Martínez', '1977-04-04', 'mrn:riverside|6701345'),
      jose('Ramírez', '1990-09-19', 'mrn:riverside|6701345'),
    );
    assert.notEqual(score.matchClass, 'certain');
    assert.equal(score.rule?.guard, 'family-name-and-birth-date-conflict');
    // One field replaced, the family name alike: the override still weighs it.
    const retyped = weighPair(
      MODEL,
      jose('Martínez', '1977-04-04', 'mrn:riverside|6701345'),
      jose('Martinex', '1990-09-19', 'mrn:riverside|6701345'),
    );
    assert.notEqual(retyped.rule?.guard, 'family-name-and-birth-date-conflict');
  });

  it('alike real names on one birth date under one SSN are one person; under one MRN, twins', () => {
    const michael = (given_name: string, ids: Partial<CanonicalRecord>): MatchFeatures =>
      registered({ ...HOME, given_name, birth_date: '1974-11-23', ...ids });
    const ssn = { ssn: '021-48-7731' };
    assert.equal(
      weighPair(MODEL, michael('Michael', ssn), michael('Micheal', ssn)).matchClass,
      'certain',
    );
    // Twins carry numbers of their own; an MRN is charted for twins alike (one reused), and
    // consecutive SSNs are numbers issued together.
    const mrn = { other_identifiers: 'mrn:st-mary|M77' };
    assert.notEqual(
      weighPair(MODEL, michael('Michael', mrn), michael('Micheal', mrn)).matchClass,
      'certain',
    );
    assert.notEqual(
      weighPair(
        MODEL,
        michael('Jayden', { ssn: '219-09-9998' }),
        michael('Jaden', { ssn: '219-09-9999' }),
      ).matchClass,
      'certain',
    );
    // A twin born another day is no twin: one SSN on two birth dates stays with the guards.
    assert.notEqual(
      weighPair(
        MODEL,
        michael('Michael', ssn),
        registered({ ...HOME, given_name: 'Micheal', birth_date: '1976-02-11', ...ssn }),
      ).matchClass,
      'certain',
    );
  });

  it('two names our lists lack are two people’s in one home, a shared SSN or not', () => {
    // Twins Priya / Pooja, the co-twin's SSN on the record: "Pooja" is in no US list.
    const twin = (given_name: string): MatchFeatures =>
      registered({ ...HOME, given_name, sex: 'female', ssn: '822-66-4254' });
    const score = weighPair(MODEL, twin('Priya'), twin('Pooja'));
    assert.notEqual(score.matchClass, 'certain');
    assert.equal(score.rule?.guard, 'household-names');
    // A real name mistyped still reads as that name's typo (Mrgaret, Midge's Margaret).
    const typo = weighPair(MODEL, twin('Margaret'), twin('Mrgaret'));
    assert.equal(typo.matchClass, 'certain');
  });

  it('cousins of one full name whose birth dates read as a day-month swap are not certain', () => {
    const carlos = (
      birth_date: string,
      phone: string,
      address_line: string,
      postal_code: string,
      mmn: string,
    ) =>
      registered({
        given_name: 'Carlos',
        middle_name: 'Eduardo',
        family_name: 'Ramirez',
        birth_date,
        sex: 'male',
        phone,
        address_line,
        postal_code,
        mothers_maiden_name: mmn,
      });
    const cousins = weighPair(
      MODEL,
      carlos('2015-03-02', '956-555-0116', '1010 E Nolana Ave', '78504', 'Salinas'),
      carlos('2015-02-03', '956-555-0179', '321 W Ebony St', '78541', 'Trevino'),
    );
    assert.notEqual(cousins.matchClass, 'certain');
    const swapped = weighPair(
      MODEL,
      carlos('2015-03-02', '956-555-0116', '1010 E Nolana Ave', '78504', 'Salinas'),
      carlos('2015-02-03', '956-555-0116', '1010 E Nolana Avenue', '78504', 'Salinas'),
    );
    assert.equal(swapped.matchClass, 'certain');
  });

  it('a mother’s SSN on her child’s record, one birth date missing: two members of the home', () => {
    const cook = (given_name: string, birth_date?: string): MatchFeatures =>
      registered({
        given_name,
        family_name: 'Cook',
        sex: 'female',
        ssn: '527-93-7095',
        address_line: '9175 Center Pl #27',
        postal_code: '85014',
        ...(birth_date === undefined ? {} : { birth_date }),
      });
    const score = weighPair(MODEL, cook('Carol'), cook('Kimberly', '1985-11-01'));
    assert.notEqual(score.matchClass, 'certain');
    assert.equal(score.rule?.guard, 'household-names');
  });

  it('twins living apart with SSNs issued together are not certain, whatever their names', () => {
    const vasquez = (given_name: string, ssn: string, address_line: string, postal_code: string) =>
      registered({
        given_name,
        family_name: 'Vasquez',
        birth_date: '2005-07-31',
        sex: 'female',
        ssn,
        address_line,
        postal_code,
      });
    const mariana = vasquez('Mariana', '452-75-7991', '22240 W Orchard Drive', '75252');
    const maria = vasquez('Maria', '452-75-7990', '2376 E Washington Blvd', '75220');
    const score = weighPair(MODEL, mariana, maria);
    assert.notEqual(score.matchClass, 'certain');
    assert.equal(score.rule?.guard, 'ssns-issued-together');
    assert.equal(reviewReasonOfPair(score, mariana, maria), 'possible-twin');
  });

  it('no name in common under one SSN in one home is two people, the number notwithstanding', () => {
    // A mother's SSN on her daughter's record, the mother's birth date left blank.
    const home = {
      sex: 'female',
      ssn: '061-39-1089',
      phone: '718-555-0112',
      address_line: '5192 Oak Place',
      postal_code: '10462',
    };
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Thu', family_name: 'Zhang', birth_date: '2018-09-26' }),
      registered({ ...home, given_name: 'Kathleen', middle_name: 'Hailey', family_name: 'Smith' }),
    );
    assert.notEqual(score.matchClass, 'certain');
    assert.equal(score.rule?.guard, 'names-conflict');
  });
});

describe('a record copied from another member of the home (model 13)', () => {
  const NUMBER_SHARED = {
    sameHousehold: true,
    sameFamily: false,
    nearIdentifier: true,
    nearPersonalIdentifier: true,
    personalNumbersDiffer: false,
  };
  const home = {
    address_line: '18063 Timrod Trail',
    postal_code: '98052',
    birth_date: '1992-01-31',
    sex: 'female',
  };

  it("one MRN and one birth date under two people's names are two people", () => {
    // An MRN reused for a daughter, her mother's birth date copied onto her record: given,
    // middle and family name all differ.
    const mrn = 'urn:mrn:st-luke|H4811260';
    const score = weighPair(
      MODEL,
      registered({
        ...home,
        given_name: 'Rose',
        middle_name: 'Aliyah',
        family_name: 'Jarvis',
        other_identifiers: mrn,
      }),
      registered({
        ...home,
        given_name: 'Dominique',
        middle_name: 'Danna',
        family_name: 'Williams',
        other_identifiers: mrn,
      }),
    );
    assert.equal(score.modelClass, 'certain');
    assert.notEqual(score.matchClass, 'certain');
    assert.equal(score.rule?.guard, 'names-conflict');
  });

  it('a given name and a middle initial that both differ are two people under one SSN', () => {
    const ssn = '589-10-1990';
    const score = weighPair(
      MODEL,
      registered({
        given_name: 'Rebekah',
        middle_name: 'L',
        family_name: 'Watanabe',
        birth_date: '2007-07-14',
        sex: 'female',
        ssn,
        postal_code: '98032',
      }),
      registered({
        given_name: 'Caroline',
        middle_name: 'C',
        family_name: 'Watanabe',
        birth_date: '2007-07-14',
        sex: 'female',
        ssn,
        postal_code: '98032',
      }),
    );
    assert.notEqual(score.matchClass, 'certain');
    assert.equal(score.rule?.guard, 'names-conflict');
  });

  it('no given name on either side: a shared SSN says whose they are only beside two birth dates', () => {
    const ssn = '553-97-4694';
    const a = registered({
      given_name: 'Test',
      family_name: 'Tang',
      sex: 'female',
      ssn,
      birth_date: '1971-12-08',
    });
    const b = registered({ given_name: 'Mrs', family_name: 'Tang', sex: 'female', ssn });
    assert.equal(a.given, null);
    assert.equal(b.given, null);
    const withoutDate = weighPair(MODEL, a, b);
    assert.notEqual(withoutDate.matchClass, 'certain');
    assert.equal(withoutDate.rule?.guard, 'no-name-in-common');
    const dated = registered({
      given_name: 'Mrs',
      family_name: 'Tang',
      sex: 'female',
      ssn,
      birth_date: '1971-12-08',
    });
    assert.equal(GUARDS['no-name-in-common'].holds(a, dated, NUMBER_SHARED), false);
  });

  it('a shared MRN does not outweigh a birth date when the two carry SSNs of their own', () => {
    const person = {
      given_name: 'Leilani',
      middle_name: 'Malia',
      family_name: 'Kahale',
      sex: 'female',
      phone: '808-555-0131',
      address_line: '75 Kamehameha Ave',
      postal_code: '96720',
      other_identifiers: 'urn:mrn:hilo-bay|HB443201',
    };
    const grandmother = registered({ ...person, birth_date: '1952-03-14', ssn: '575-22-8190' });
    const granddaughter = registered({ ...person, birth_date: '2013-03-14', ssn: '576-41-0273' });
    const score = weighPair(MODEL, grandmother, granddaughter);
    assert.notEqual(score.matchClass, 'certain');
    const oneSsn = weighPair(
      MODEL,
      grandmother,
      registered({ ...person, birth_date: '2013-03-14', ssn: '575-22-8190' }),
    );
    assert.equal(oneSsn.rule?.rule, 'guard-overridden', 'one SSN: a clerk replaced the date');
  });

  it('names moved between fields keep a name in common: no names conflict', () => {
    const ssn = '412-55-0198';
    const a = registered({ ...home, given_name: 'Kelsey', family_name: 'Warrior', ssn });
    const b = registered({ ...home, given_name: 'Waller', family_name: 'Kelsey', ssn });
    assert.equal(GUARDS['names-conflict'].holds(a, b, NUMBER_SHARED), false);
  });

  it('a boy and a girl of one birth date in one home are twins, a typo in the name or not', () => {
    const score = weighPair(
      MODEL,
      registered({ ...home, given_name: 'Klaudia', family_name: 'Gunn', sex: 'male' }),
      registered({ ...home, given_name: 'Claudia', family_name: 'Gunn', sex: 'female' }),
    );
    assert.equal(score.sameHousehold, true);
    assert.notEqual(score.matchClass, 'certain');
    assert.equal(score.rule?.guard, 'household-person-unconfirmed');
  });

  it("a newborn's placeholder under its mother's SSN, the sexes differing, is not the mother", () => {
    const ssn = '486-56-5460';
    const score = weighPair(
      MODEL,
      registered({
        given_name: 'Lacy',
        middle_name: 'S',
        family_name: 'Alfonso',
        birth_date: '2019-11-03',
        sex: 'female',
        ssn,
      }),
      registered({
        given_name: 'Baby Boy',
        family_name: 'Alfonso',
        birth_date: '2019-11-03',
        sex: 'male',
        ssn,
      }),
    );
    assert.notEqual(score.matchClass, 'certain');
    assert.equal(score.rule?.guard, 'given-name-and-sex-conflict');
  });

  it('a given name replaced under one SSN links only with the birth date on both records', () => {
    // A father's SSN and MRN on his son's record, the son's birth date blank: numbers alone.
    const person = {
      family_name: 'Michniak',
      sex: 'male',
      ssn: '425-33-4351',
      other_identifiers: 'urn:mrn:st-luke|H3792827',
    };
    const withoutDate = weighPair(
      MODEL,
      registered({ ...person, given_name: 'Brian' }),
      registered({ ...person, given_name: 'Matthew', birth_date: '1983-01-15' }),
    );
    assert.equal(withoutDate.sameHousehold, false);
    assert.notEqual(withoutDate.matchClass, 'certain');
    assert.equal(withoutDate.rule?.guard, 'given-name-conflict');
    const withDate = weighPair(
      MODEL,
      registered({ ...person, given_name: 'Brian', birth_date: '1983-01-15' }),
      registered({ ...person, given_name: 'Matthew', birth_date: '1983-01-15' }),
    );
    assert.equal(withDate.matchClass, 'certain');
    assert.equal(withDate.rule?.rule, 'guard-overridden');
  });

  it('a record that says its birth was a multiple one is confirmed by the same given name only', () => {
    const twins = {
      ...home,
      family_name: 'Matthews',
      birth_date: '2022-08-29',
      phone: '253-555-0184',
    };
    const second = registered({ ...twins, given_name: 'Maria', multiple_birth: '2' });
    const nickname = weighPair(MODEL, second, registered({ ...twins, given_name: 'Molly' }));
    assert.equal(nickname.sameHousehold, true);
    assert.notEqual(nickname.matchClass, 'certain');
    assert.equal(nickname.rule?.guard, 'household-person-unconfirmed');
    const same = weighPair(MODEL, second, registered({ ...twins, given_name: 'Maria' }));
    assert.equal(same.matchClass, 'certain');
    const ssn = '233-41-5127';
    const spelled = weighPair(
      MODEL,
      registered({ ...twins, given_name: 'Hassan', multiple_birth: '1', ssn }),
      registered({ ...twins, given_name: 'Hasan', ssn }),
    );
    assert.equal(spelled.matchClass, 'certain', "a number of the person's own tells the twin");
  });

  it('no given name and no birth date beside a shared SSN confirm no one inside a home', () => {
    const shared = {
      family_name: 'Key-Ashford',
      sex: 'female',
      ssn: '344-62-4364',
      phone: '425-555-0188',
      address_line: '4810 S Fox Chase Pt',
      postal_code: '98056',
    };
    const score = weighPair(
      MODEL,
      registered({ ...shared, given_name: 'Twin B', birth_date: '2022-06-17' }),
      registered({ ...shared, given_name: 'Aria', middle_name: 'L' }),
    );
    assert.notEqual(score.matchClass, 'certain');
  });
});

describe('numbers and dates of relatives told apart inside one home (model 14)', () => {
  const home = {
    family_name: 'Fonoti',
    middle_name: 'Sione',
    sex: 'male',
    phone: '253-555-0147',
    address_line: '8810 Firwood Ct SW',
    postal_code: '98499',
  };

  it('twins under their sponsor’s SSN, member numbers one apart in the last digit: held back', () => {
    // The override that lets a shared SSN outweigh different given names refuses numbers of
    // the person's own that differ; inside one home, numbers one apart in the last digit were
    // issued together (a plan numbering a family's children), not mistyped.
    const twin = (given: string, member: string): MatchFeatures =>
      registered({
        ...home,
        given_name: given,
        birth_date: '2015-06-02',
        ssn: '575-62-8140',
        other_identifiers: `urn:mpi-pairs:member:uniformed-family-plan|${member}`,
      });
    const twins = weighPair(MODEL, twin('Keoni', 'UFP30018842'), twin('Makoa', 'UFP30018843'));
    assert.equal(twins.modelClass, 'certain');
    assert.notEqual(twins.matchClass, 'certain');
    const renamed = weighPair(MODEL, twin('Keoni', 'UFP30018842'), twin('Makoa', 'UFP30018842'));
    assert.equal(renamed.matchClass, 'certain', 'one member number: a clerk replaced the name');
  });

  it('a father and son of one name born on one day of the year, years a digit apart, two SSNs: generational', () => {
    const person = (birthDate: string, ssn: string): MatchFeatures =>
      registered({ ...home, given_name: 'Tavita', birth_date: birthDate, ssn });
    const fatherAndSon = weighPair(
      MODEL,
      person('1965-08-14', '575-31-2278'),
      person('1995-08-14', '575-80-6613'),
    );
    assert.equal(fatherAndSon.rule?.guard, 'generational');
    assert.notEqual(fatherAndSon.matchClass, 'certain');
    const yearMistyped = weighPair(
      MODEL,
      person('1965-08-14', '575-31-2278'),
      person('1995-08-14', '575-31-2278'),
    );
    assert.equal(yearMistyped.matchClass, 'certain', 'one SSN: the year was mistyped');
  });

  it('a sister under her sister’s MRN, alike names of their own and another birth year: held back', () => {
    const mrn = 'urn:mpi-pairs:mrn:mauka-community-health|MCH-448120';
    const sister = (given: string, birthDate: string): MatchFeatures =>
      registered({
        ...home,
        sex: 'female',
        given_name: given,
        middle_name: 'Lei',
        birth_date: birthDate,
        mothers_maiden_name: 'Apo',
        other_identifiers: mrn,
      });
    const sisters = weighPair(
      MODEL,
      sister('Cristina', '2009-04-21'),
      sister('Crisanta', '2012-11-03'),
    );
    assert.equal(sisters.modelClass, 'certain');
    assert.equal(sisters.rule?.guard, 'given-name-and-birth-date-conflict');
    assert.notEqual(sisters.matchClass, 'certain');
    const dateMistyped = weighPair(
      MODEL,
      sister('Cristina', '2009-04-21'),
      sister('Cristina', '2012-11-03'),
    );
    assert.equal(dateMistyped.matchClass, 'certain', 'one name: the birth date was mistyped');
  });
  it('inside one home a number one character off confirms no twin nor a sibling of another birth date', () => {
    // Numbers issued together to members of one home are a character apart as often as a typo.
    const twin = (given: string, ssn: string, multipleBirth: string): MatchFeatures =>
      registered({
        ...home,
        sex: 'female',
        given_name: given,
        middle_name: '',
        birth_date: '2012-05-30',
        multiple_birth: multipleBirth,
        ssn,
      });
    const twins = weighPair(
      MODEL,
      twin('Kaylee', '472-18-3306', 'true'),
      twin('Kylee', '472-18-3406', ''),
    );
    assert.equal(twins.sameHousehold, true);
    assert.notEqual(twins.matchClass, 'certain');
    const brother = (given: string, birthDate: string, medicaid: string): MatchFeatures =>
      registered({
        ...home,
        given_name: given,
        birth_date: birthDate,
        other_identifiers: `urn:mpi-pairs:medicaid:mn|${medicaid}`,
      });
    const brothers = weighPair(
      MODEL,
      brother('Samuel', '1985-01-01', '00623418'),
      brother('Hsa', '1987-01-01', '00623518'),
    );
    assert.notEqual(brothers.matchClass, 'certain');
    assert.notEqual(brothers.rule?.rule, 'guard-overridden');
  });
  it('two men of one name at one shelter, born on one day of the year six years apart, two SSNs: held back', () => {
    const shelter = { address_line: '1530 Gravier St', postal_code: '70112', sex: 'male' };
    const man = (birthDate: string, ssn: string): MatchFeatures =>
      registered({
        ...shelter,
        given_name: 'Willie',
        family_name: 'Johnson',
        birth_date: birthDate,
        ssn,
      });
    const two = weighPair(
      MODEL,
      man('1961-09-04', '434-21-7781'),
      man('1967-09-04', '436-58-0192'),
    );
    assert.equal(two.rule?.guard, 'birth-date-and-numbers-conflict');
    assert.notEqual(two.matchClass, 'certain');
    const one = weighPair(
      MODEL,
      man('1961-09-04', '434-21-7781'),
      man('1967-09-04', '434-21-7781'),
    );
    assert.equal(one.matchClass, 'certain', 'one SSN: the year was mistyped');
  });

  it('a lab’s record quoting a twin’s MRN, no home on it, alike names of one birth date: a possible twin', () => {
    const mrn = 'urn:mpi-pairs:mrn:ochsner-baptist|OB-7730415';
    const clinic = registered({
      given_name: 'Kayla',
      family_name: 'Thibodeaux',
      birth_date: '2018-10-02',
      sex: 'female',
      phone: '337-555-0163',
      address_line: '212 Rue Beau',
      postal_code: '70508',
      other_identifiers: mrn,
    });
    const lab = (given: string, extra: CanonicalRecord = {}): MatchFeatures =>
      registered({
        given_name: given,
        family_name: 'Thibodeaux',
        birth_date: '2018-10-02',
        sex: 'female',
        other_identifiers: mrn,
        ...extra,
      });
    const twin = scorePair(MODEL, clinic, lab('Kyla'));
    assert.equal(twin.modelClass, 'certain');
    assert.notEqual(twin.matchClass, 'certain');
    assert.equal(twin.rule?.guard, 'alike-names-of-one-birth-date');
    assert.equal(reviewReasonOfPair(twin, clinic, lab('Kyla')), 'possible-twin');
    const typo = weighPair(MODEL, clinic, lab('Kayla'));
    assert.equal(typo.matchClass, 'certain', 'one name: the lab record is hers');
  });
  it('one SSN, the given name with and without Md, day and month swapped: one person', () => {
    const man = (given: string, birthDate: string): MatchFeatures =>
      registered({
        ...home,
        given_name: given,
        middle_name: '',
        family_name: 'Alam',
        birth_date: birthDate,
        ssn: '126-58-3307',
      });
    const one = weighPair(MODEL, man('Md Jahangir', '1975-04-11'), man('Jahangir', '1975-11-04'));
    assert.equal(one.sameHousehold, true);
    assert.equal(one.matchClass, 'certain');
  });

  it('a Hebrew name and its English form are one given name (Moshe / Moses, Shmuel / Samuel)', () => {
    for (const [hebrew, english] of [
      ['Moshe', 'Moses'],
      ['Shmuel', 'Samuel'],
      ['Rivky', 'Rebecca'],
    ] as const) {
      const a = registered({ given_name: hebrew, family_name: 'Lichtenstein' });
      const b = registered({ given_name: english, family_name: 'Lichtenstein' });
      assert.equal(sameGivenName(a, b), true, `${hebrew} / ${english}`);
    }
  });
});
