import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildFeatures, withOwnIdentifier } from '../../src/matching/features/build-features';
import { ownIdentifier } from '../../src/matching/normalize/other-identifiers';
import { normalizeRecord } from '../../src/matching/normalize/normalize-record';
import { emptyReferenceTables } from '../../src/matching/normalize/reference-tables';
import { otherIdentifierComparison } from '../../src/matching/compare/other-identifier-comparison';
import { sharedIdentifierAuthority } from '../../src/matching/rules/identifier-authority';
import { isPersonalNumber, isRecordNumber } from '../../src/matching/compare/identifier-tokens';
import {
  MatchFeatures,
  NormalizedRecord,
  OtherIdentifierToken,
  Tokenizer,
} from '../../src/matching/record-types';
import { decodeFeatures, encodeFeatures } from '../../src/database/stored-features';
import { DEFAULT_MODEL_PATH, readModelFile } from '../../src/retrieval/match-model.provider';

const plain: Tokenizer = (domain, value) => `${domain}:${value}`;

/** A boy's registration as normalized, naming the identifiers in `named` (system|value;...). */
function normalized(named: string): NormalizedRecord {
  const result = normalizeRecord(
    {
      given_name: 'Douglas',
      family_name: 'Reyes',
      birth_date: '2015-04-08',
      sex: 'male',
      other_identifiers: named,
    },
    emptyReferenceTables(),
  );
  assert.ok('record' in result);
  return result.record;
}

/** A record of `source` keyed `sourceId`, naming the identifiers given. */
function keyed(source: string, sourceId: string, named = ''): MatchFeatures {
  return buildFeatures(normalized(named), plain, 'k1', ownIdentifier(source, sourceId));
}

const DEFINITION = readModelFile(DEFAULT_MODEL_PATH).comparisons.find(
  (c) => c.kind === 'other-identifier',
);
assert.ok(DEFINITION, 'the shipped model compares other identifiers');
const COMPARATOR = otherIdentifierComparison(DEFINITION);
/** The level the shipped model gives the pair, by id; `missing` when it says nothing. */
const levelOf = (a: MatchFeatures, b: MatchFeatures): string =>
  DEFINITION.levels[COMPARATOR.level(a, b)]?.id ?? 'missing';

describe("a record's own key is an identifier of its person", () => {
  it('is normalized like any identifier and tokenized exactly, without typo variants', () => {
    assert.deepEqual(ownIdentifier(' Hospital ', 'h-003 2391'), {
      system: 'hospital',
      value: 'H0032391',
    });
    assert.equal(ownIdentifier('hospital', '  '), null);
    const own = keyed('Hospital', 'H0032391').otherIdentifiers;
    assert.deepEqual(own, [
      { system: 'hospital', token: 'other-id|hospital:H0032391', variants: [], own: true },
    ]);
  });

  it('is not added twice when the record lists it', () => {
    const listed = keyed('hospital', 'H1', 'hospital|H1');
    assert.equal(listed.otherIdentifiers.length, 1);
    assert.equal(listed.otherIdentifiers[0]?.own, undefined);
  });

  it("agrees with another source's record that names it, and says nothing against its own source's", () => {
    const hospital = keyed('hospital', 'H0032391');
    const lab = keyed('lab', 'L00042173', 'hospital|H0032391');
    assert.equal(levelOf(hospital, lab), 'exact');
    assert.equal(sharedIdentifierAuthority(new Set(['*']), hospital, lab), 'hospital');
    const otherChild = keyed('lab', 'L00042174', 'hospital|H0032392');
    assert.equal(levelOf(hospital, otherChild), 'else', 'another number of that hospital');
    const secondHospitalRecord = keyed('hospital', 'H0032392');
    assert.equal(levelOf(hospital, secondHospitalRecord), 'missing', 'two record numbers');
    assert.equal(sharedIdentifierAuthority(new Set(['*']), hospital, secondHospitalRecord), null);
  });

  it('one record number on two registrations agrees: a newborn renamed under its MRN', () => {
    const placeholder = keyed('hospital', 'H0032391');
    const named = keyed('hospital', 'H0032391');
    assert.equal(levelOf(placeholder, named), 'exact');
    assert.equal(sharedIdentifierAuthority(new Set(['*']), placeholder, named), 'hospital');
  });

  it('two record numbers of one system that differ say nothing; two personal numbers do', () => {
    const mrn = 'urn:clinic:mrn';
    const first = keyed('pharmacy', 'RX1', `${mrn}|MS7712580`);
    const second = keyed('pharmacy', 'RX2', `${mrn}|MS7749021`);
    assert.equal(levelOf(first, second), 'missing', 'one patient registered twice');
    assert.equal(levelOf(first, keyed('pharmacy', 'RX3', `${mrn}|MS7712580`)), 'exact');
    const medicaid = (value: string): MatchFeatures => keyed('payer', value, `medicaid|${value}`);
    assert.equal(levelOf(medicaid('AB123456'), medicaid('CD987654')), 'else');
  });

  it('follows the record to its new key (HL7 A47)', () => {
    const renamed = withOwnIdentifier(
      keyed('hospital', 'WRONG1', 'medicaid|AB123'),
      ownIdentifier('hospital', 'RIGHT1'),
      plain,
    );
    assert.deepEqual(renamed, keyed('hospital', 'RIGHT1', 'medicaid|AB123'));
  });

  it('is kept as its own when stored and read back', () => {
    const hospital = keyed('hospital', 'H0032391');
    const stored = JSON.parse(JSON.stringify(encodeFeatures(hospital))) as Record<string, unknown>;
    assert.deepEqual(decodeFeatures(stored), hospital);
  });
});

describe('isRecordNumber, isPersonalNumber: a record’s number, a person’s, or of no named kind', () => {
  const token = (system: string, own?: true): OtherIdentifierToken => ({
    system,
    token: 't',
    variants: [],
    ...(own ? { own } : {}),
  });
  type Kind = 'record' | 'person' | 'unnamed';
  const rows: [string, OtherIdentifierToken, Kind][] = [
    ['a record’s own key', token('clinic', true), 'record'],
    ['a record’s own key, whatever its source is called', token('medicaid-office', true), 'record'],
    ['a system named for an MRN', token('urn:mpi-pairs:mrn:riverbend-peds'), 'record'],
    ['an MRN under a short system', token('urn:clinic:mrn'), 'record'],
    ['HL7 type MR in the system', token('urn:hospital:mr'), 'record'],
    ['a medical record number written out', token('acme medical-record'), 'record'],
    ['an account number (AN)', token('lab/an'), 'record'],
    ['a social-security number', token('urn:febrl:soc_sec_id'), 'person'],
    ['a Medicaid number', token('ca-medicaid'), 'person'],
    ['a payer member id', token('urn:mpi-synthetic:member-id'), 'person'],
    ['a driver’s licence', token('us-tx-dl'), 'person'],
    ['a tribal census number', token('navajo-census'), 'person'],
    ['a tribal enrollment number', token('urn:tribe:enrollment'), 'person'],
    ['Medicare’s beneficiary identifier', token('mbi'), 'person'],
    ['a word merely containing mr', token('mrsa-screening'), 'unnamed'],
    ['an OID says neither', token('urn:oid:2.16.840.1.113883.3.4421'), 'unnamed'],
    ['a bare facility code says neither', token('lakeside'), 'unnamed'],
  ];
  for (const [name, t, kind] of rows) {
    it(`${name} -> ${kind}`, () => {
      assert.equal(isRecordNumber(t), kind === 'record');
      assert.equal(isPersonalNumber(t), kind === 'person');
    });
  }
  it('an SSN token is a person’s', () => {
    assert.equal(isRecordNumber({ token: 't', variants: [] }), false);
    assert.equal(isPersonalNumber({ token: 't', variants: [] }), true);
  });
});
