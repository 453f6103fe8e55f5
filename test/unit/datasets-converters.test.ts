import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { csvHeader, csvRow } from '../../src/datasets/canonical-csv-writer';
import { DATASET_KINDS, DatasetKind } from '../../src/datasets/dataset-converter';
import { convertText, datasetColumns } from '../../src/datasets/dataset-converters';
import {
  dsgenFileContext,
  febrlEntityNumber,
  febrlFileContext,
} from '../../src/datasets/febrl-converter';
import { compactDateToIso } from '../../src/datasets/field-mapping';
import { LabelledRow } from '../../src/datasets/labelled-row';

const FEBRL_HEADER =
  'rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id';

/** FEBRL 4a as published: `", "` separators, CRLF, no final newline, an empty value as a space. */
const FEBRL_4A = [
  FEBRL_HEADER,
  'rec-1070-org, michaela, neumann, 8, stanley street, miami, winston hills, 4223, nsw, 19151111, 5304218',
  'rec-223-org, , waller, 6, tullaroop street, , st james, 4011, wa, 19371233, 6988048',
].join('\r\n');

const FEBRL_4B = [
  FEBRL_HEADER,
  'rec-1070-dup-0, michaela, neuman, 8, stanley street, miami, winston hills, 4223, nsw, 19151111, 5304218',
  '',
].join('\n');

const DSGEN_A = [
  'rec_id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state,date_of_birth,age,phone_number,soc_sec_id,blocking_number',
  '25511,zachary,kanhanouvong,2,healy place,belmont cottage,northam,4133,nsw,19701031,16,07 65472979,9818217,5',
  '25510,zachary,kanhanouvong,,healy place,,northam,4133,,,16,,9818217,5',
].join('\n');

const HISTORICAL_HEADER =
  '"unique_id","cluster","full_name","first_and_surname","first_name","surname","dob","birth_place","postcode_fake","gender","occupation"';

const HISTORICAL = [
  HISTORICAL_HEADER,
  '"Q1-1","Q1","thomas clifford, 1st baron","thomas clifford","thomas","clifford","1630-08-01","devon","tq13 8df","male","politician"',
  '"Q1-2","Q1","tom c","tom c","tom","c",,,,"t2227949966",',
].join('\n');

const CENSUS_B = [
  'source,rec_id,last_name,first_name,middle_initial,house_number,street_name',
  'B,ID10000,COBY,ANNA,A,303,MAIN',
  'B,ID10000,COBY,BEN,,303,MAIN',
  'B,ID7,AHREWS,MARITZA,A,345,71ST',
].join('\n');

const SSA = [
  'simulant_id,event_type,event_date,copy_ssn,copy_date_of_birth,ssn,first_name,date_of_birth,sex,last_name,middle_name',
  '0_19979,creation,1919-12-04,,,786-77-6454,Evelyn,1919-12-04,Female,Sorrell,Nancy',
  '0_19979,death,2020-01-01,,,786-77-6454,Evelyn,1919-12-04,Female,Sorrell,Nancy',
].join('\n');

const PP_CENSUS = [
  'simulant_id,household_id,year,unit_number,copy_age,zipcode,copy_date_of_birth,guardian_1,first_name,relationship_to_reference_person,state,middle_initial,guardian_2,street_name,race_ethnicity,city,date_of_birth,housing_type,sex,street_number,age,last_name',
  '0_2,0_7,2020,apt 1,25,00000,1994-09-29,,Diana,Reference person,WA,P,,145th st,White,Anytown,1994-05-06,Household,Female,5112,25,Kofron',
].join('\n');

const FAKE_1000 =
  'unique_id,first_name,surname,dob,city,email,cluster\n2,Rob,Allen,1971-06-24,London,,0\n';

describe('FEBRL 1-4', () => {
  it('reads CRLF with ", " separators and maps every field', () => {
    const rows = convertText('febrl', '/data/febrl/dataset4a.csv', FEBRL_4A);
    assert.deepEqual(rows[0], {
      source: 'febrl4a',
      source_id: 'rec-1070-org',
      given_name: 'michaela',
      family_name: 'neumann',
      birth_date: '1915-11-11',
      address_line: '8 stanley street, miami',
      city: 'winston hills',
      state: 'nsw',
      postal_code: '4223',
      other_identifiers: 'urn:febrl:soc_sec_id|5304218',
      entity_id: 'febrl4-1070',
    });
    assert.equal(rows.length, 2);
  });

  it('leaves empty cells out and turns an impossible date into a missing one', () => {
    const [, row] = convertText('febrl', 'dataset4a.csv', FEBRL_4A);
    assert.equal(row?.given_name, undefined);
    assert.equal(row?.address_line, '6 tullaroop street');
    assert.equal(row?.birth_date, undefined);
  });

  it('gives 4a and 4b their own sources but one entity namespace', () => {
    const [a] = convertText('febrl', 'dataset4a.csv', FEBRL_4A);
    const [b] = convertText('febrl', 'dataset4b.csv', FEBRL_4B);
    assert.equal(a?.source, 'febrl4a');
    assert.equal(b?.source, 'febrl4b');
    assert.equal(a?.entity_id, b?.entity_id);
  });

  it('names sources and entities by file', () => {
    assert.equal(febrlFileContext('x/dataset3.csv').source, 'febrl3');
    assert.equal(febrlFileContext('dataset3.csv').entityOf('rec-12-dup-4'), 'febrl3-12');
    assert.equal(febrlEntityNumber('rec-0-org'), '0');
    assert.throws(() => febrlEntityNumber('rec-x-org'), /unexpected rec_id/);
  });
});

describe('febrl-dsgen', () => {
  const text = DSGEN_A;

  it('maps phone, drops age and blocking_number, and uses rec_id // 10 as the entity', () => {
    const [dup, org] = convertText('febrl-dsgen', 'dataset_A_1000.csv', text);
    assert.equal(dup?.source, 'dsgen-a-1000');
    assert.equal(dup?.phone, '07 65472979');
    assert.equal(dup?.entity_id, 'dsgen-a-1000-2551');
    assert.equal(org?.entity_id, dup?.entity_id);
    assert.equal(org?.address_line, 'healy place');
    assert.equal(org?.birth_date, undefined);
    assert.ok(!Object.values(dup ?? {}).includes('5'));
  });

  it('links org and dup files through one entity namespace', () => {
    const org = dsgenFileContext('link/dataset_D_org_10000.csv');
    const dup = dsgenFileContext('dataset_D_dup_10000.csv');
    assert.equal(org.source, 'dsgen-d-org-10000');
    assert.equal(dup.source, 'dsgen-d-dup-10000');
    assert.equal(org.entityOf('120'), dup.entityOf('123'));
  });
});

describe('splink sets', () => {
  it('maps fake_1000 with cluster as the entity', () => {
    assert.deepEqual(convertText('fake-1000', 'fake_1000.csv', FAKE_1000), [
      {
        source: 'fake_1000',
        source_id: '2',
        given_name: 'Rob',
        family_name: 'Allen',
        birth_date: '1971-06-24',
        city: 'London',
        entity_id: 'fake_1000-0',
      },
    ]);
  });

  it('reads historical_50k quoted fields and keeps only clear genders', () => {
    const text = HISTORICAL;
    const [first, second] = convertText('historical-50k', 'historical_50k.csv', text);
    assert.equal(first?.sex, 'male');
    assert.equal(first?.postal_code, 'tq13 8df');
    assert.equal(first?.entity_id, 'historical_50k-Q1');
    assert.equal(second?.sex, undefined);
    assert.equal(second?.birth_date, undefined);
  });
});

describe('secondstring census', () => {
  it('keeps repeated household ids apart as distinct records and people', () => {
    const text = CENSUS_B;
    const rows = convertText('census', 'census_b.csv', text);
    assert.deepEqual(
      rows.map((r) => [r.source, r.source_id, r.entity_id]),
      [
        ['census_b', 'ID10000', 'census-ID10000'],
        ['census_b', 'ID10000#2', 'census-ID10000#2'],
        ['census_b', 'ID7', 'census-ID7'],
      ],
    );
    assert.equal(rows[2]?.address_line, '345 71ST');
    assert.equal(rows[2]?.middle_name, 'A');
  });
});

describe('pseudopeople', () => {
  it('maps SSA creation rows with SSN and middle name, and skips death events', () => {
    const text = SSA;
    const rows = convertText('pseudopeople', 'social_security.csv', text);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.source, 'pp_ssa');
    assert.equal(rows[0]?.ssn, '786-77-6454');
    assert.equal(rows[0]?.middle_name, 'Nancy');
    assert.equal(rows[0]?.sex, 'female');
    assert.equal(rows[0]?.entity_id, 'pp-0_19979');
    assert.notEqual(rows[0]?.source_id, '0_19979');
  });

  it('recognises a renamed census file by its header and builds the address', () => {
    const text = PP_CENSUS;
    const [row] = convertText('pseudopeople', 'renamed.csv', text);
    assert.equal(row?.source, 'pp_census');
    assert.equal(row?.source_id, '2020-1');
    assert.equal(row?.address_line, '5112 145th st apt 1');
    assert.equal(row?.postal_code, '00000');
    assert.equal(row?.middle_name, 'P');
  });
});

describe('converter columns', () => {
  const samples: Record<DatasetKind, LabelledRow[]> = {
    febrl: convertText('febrl', 'dataset4a.csv', FEBRL_4A),
    'febrl-dsgen': convertText('febrl-dsgen', 'dataset_A_1000.csv', DSGEN_A),
    'fake-1000': convertText('fake-1000', 'fake_1000.csv', FAKE_1000),
    'historical-50k': convertText('historical-50k', 'historical_50k.csv', HISTORICAL),
    census: convertText('census', 'census_b.csv', CENSUS_B),
    pseudopeople: [
      ...convertText('pseudopeople', 'social_security.csv', SSA),
      ...convertText('pseudopeople', 'decennial_census.csv', PP_CENSUS),
    ],
  };

  it('every kind has source, source_id and entity_id in canonical order', () => {
    for (const kind of DATASET_KINDS) {
      const columns = datasetColumns(kind);
      assert.deepEqual(columns.slice(0, 2), ['source', 'source_id']);
      assert.equal(columns.at(-1), 'entity_id');
    }
  });

  it('declares every column its rows use', () => {
    for (const [kind, rows] of Object.entries(samples)) {
      const columns = new Set<string>(datasetColumns(kind as DatasetKind));
      for (const row of rows) for (const key of Object.keys(row)) assert.ok(columns.has(key), key);
    }
  });
});

describe('canonical CSV writer', () => {
  it('quotes per RFC 4180 and round-trips through csv-parse', () => {
    const row: LabelledRow = {
      source: 'a,b',
      source_id: 'say "hi"',
      given_name: 'two\nlines',
      entity_id: 'e1',
    };
    const columns = ['source', 'source_id', 'given_name', 'family_name', 'entity_id'] as const;
    const text = csvHeader(columns) + csvRow(row, columns);
    assert.equal(text.split('\n')[1], '"a,b","say ""hi""","two');
    const [parsed] = parse(text, { columns: true }) as Record<string, string>[];
    assert.deepEqual(parsed, { ...row, family_name: '' });
  });

  it('turns FEBRL compact dates into ISO and passes other shapes on', () => {
    assert.equal(compactDateToIso('19081209'), '1908-12-09');
    assert.equal(compactDateToIso('1908129'), '1908129');
    assert.equal(compactDateToIso('19371233'), undefined, 'an impossible date becomes missing');
    assert.equal(compactDateToIso(undefined), undefined);
  });
});
