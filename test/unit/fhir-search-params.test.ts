import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MpiError } from '../../src/common/mpi-error';
import { parsePixQuery, pixParameters } from '../../src/fhir/pix-query';
import { pageQuery, searchBundle } from '../../src/fhir/search-bundle';
import { DateComparison, parseDateSearch } from '../../src/fhir/search-date';
import { parsePatientSearch } from '../../src/fhir/search-params';
import { assertFp, assertValidFhir } from '../support/fhir-conformance';

const PAGING = { defaultCount: 20, maxCount: 100 };

function invalidAt(run: () => unknown, location: string): void {
  assert.throws(
    run,
    (error: unknown) =>
      error instanceof MpiError &&
      error.code === 'invalid-input' &&
      error.details[0]?.location === location,
  );
}

describe('parseDateSearch: FHIR date prefixes over a range at the value precision', () => {
  const cases: [string, DateComparison][] = [
    ['1952', { op: 'between', low: '1952-01-01', high: '1952-12-31' }],
    ['eq1952-02', { op: 'between', low: '1952-02-01', high: '1952-02-29' }],
    ['1953-02', { op: 'between', low: '1953-02-01', high: '1953-02-28' }],
    ['1952-03-12', { op: 'between', low: '1952-03-12', high: '1952-03-12' }],
    ['ne1952', { op: 'outside', low: '1952-01-01', high: '1952-12-31' }],
    ['lt1952', { op: '<', value: '1952-01-01' }],
    ['eb1952', { op: '<', value: '1952-01-01' }],
    ['le1952', { op: '<=', value: '1952-12-31' }],
    ['gt1952-03', { op: '>', value: '1952-03-31' }],
    ['sa1952-03', { op: '>', value: '1952-03-31' }],
    ['ge1952-03-12', { op: '>=', value: '1952-03-12' }],
  ];
  for (const [text, expected] of cases)
    it(`${text}`, () => assert.deepEqual(parseDateSearch(text), expected));

  for (const text of ['ap1952', '1952-13', '1953-02-29', '52', '1952-3-1', 'gt']) {
    it(`refuses ${text}`, () => invalidAt(() => parseDateSearch(text), 'birthdate'));
  }
});

describe('parsePatientSearch', () => {
  it('reads criteria, modifiers, repeats (AND) and paging', () => {
    const search = parsePatientSearch(
      {
        identifier: 'st-mary|J-1',
        'family:exact': 'Smith',
        given: 'Ja',
        birthdate: ['ge1950', 'lt1960'],
        gender: 'female',
        _count: '5',
        _offset: '10',
      },
      PAGING,
    );
    assert.deepEqual(search.identifiers, [{ system: 'st-mary', value: 'J-1' }]);
    assert.deepEqual(search.family, [{ value: 'Smith', exact: true }]);
    assert.deepEqual(search.given, [{ value: 'Ja', exact: false }]);
    assert.equal(search.birthdate.length, 2);
    assert.deepEqual(search.gender, ['female']);
    assert.equal(search.count, 5);
    assert.equal(search.offset, 10);
    assert.equal(parsePatientSearch({ family: 'Smith' }, PAGING).count, 20);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['an unknown parameter', { name: 'Smith' }, 'name'],
    ['an unsupported modifier', { 'family:contains': 'Smi' }, 'family:contains'],
    ['an identifier without its system', { identifier: '512441111' }, 'identifier'],
    ['an identifier with an empty value', { identifier: 'st-mary|' }, 'identifier'],
    ['a value list', { family: 'Smith,Jones' }, 'family'],
    ['an unknown gender', { family: 'Smith', gender: 'f' }, 'gender'],
    ['no criterion', {}, 'Patient'],
    ['gender alone (the index is not listed)', { gender: 'male' }, 'Patient'],
    ['_count above the maximum', { family: 'Smith', _count: '101' }, '_count'],
    ['_count not a number', { family: 'Smith', _count: 'ten' }, '_count'],
    ['an XML _format', { family: 'Smith', _format: 'xml' }, '_format'],
  ];
  for (const [label, query, location] of bad)
    it(`refuses ${label}`, () => invalidAt(() => parsePatientSearch(query, PAGING), location));
});

describe('searchBundle and pageQuery', () => {
  it('repeats the criteria in self/first/previous/next links and reports the total', () => {
    const bundle = searchBundle({
      id: 'b',
      baseUrl: 'http://mpi.test/fhir',
      query: { family: 'Smith', birthdate: ['ge1950', 'lt1960'], _count: '2', _offset: '2' },
      total: 5,
      count: 2,
      offset: 2,
      patients: [{ resourceType: 'Patient', id: 'p1' }],
      now: new Date('2025-01-01T00:00:00Z'),
    });
    assertValidFhir(bundle, 'search Bundle');
    assertFp(
      bundle,
      "total = 5 and entry.fullUrl = 'http://mpi.test/fhir/Patient/p1' and entry.search.mode = 'match'",
    );
    assertFp(
      bundle,
      "link.where(relation = 'next').url = 'http://mpi.test/fhir/Patient?family=Smith&birthdate=ge1950&birthdate=lt1960&_count=2&_offset=4'",
    );
    assertFp(bundle, "link.where(relation = 'previous').url.endsWith('_offset=0')");
    assert.equal(pageQuery({ identifier: 'a|b' }, 1, 0), 'identifier=a%7Cb&_count=1&_offset=0');
  });

  it('has no next link on the last page', () => {
    const bundle = searchBundle({
      id: 'b',
      baseUrl: '/fhir',
      query: { family: 'X' },
      total: 1,
      count: 20,
      offset: 0,
      patients: [],
      now: new Date(),
    });
    assertFp(bundle, "link.where(relation = 'next').empty() and entry.empty()");
  });
});

describe('parsePixQuery and pixParameters (IHE ITI-83)', () => {
  it('reads sourceIdentifier and targetSystem (repeated or a comma list)', () => {
    assert.deepEqual(
      parsePixQuery({ sourceIdentifier: 'urn:oid:1.2|X-1', targetSystem: ['a', 'b,c'] }),
      {
        system: 'urn:oid:1.2',
        value: 'X-1',
        targetSystems: ['a', 'b', 'c'],
      },
    );
  });

  for (const [label, query] of [
    ['no sourceIdentifier', {}],
    ['sourceIdentifier twice', { sourceIdentifier: ['a|1', 'a|2'] }],
    ['sourceIdentifier without system', { sourceIdentifier: '|1' }],
    ['an unknown parameter', { sourceIdentifier: 'a|1', identifier: 'x' }],
  ] as [string, Record<string, unknown>][]) {
    it(`refuses ${label}`, () => assert.throws(() => parsePixQuery(query), MpiError));
  }

  it('answers a valid Parameters: targetIdentifier per identifier, targetId per golden record', () => {
    const parameters = pixParameters([{ system: 'county-lab', value: 'L-77' }], ['p1']);
    assertValidFhir(parameters, 'PIXm Parameters');
    assertFp(
      parameters,
      "parameter.where(name = 'targetIdentifier').value.value = 'L-77' and parameter.where(name = 'targetId').value.reference = 'Patient/p1'",
    );
    assertValidFhir(pixParameters([], []), 'empty PIXm Parameters');
  });
});
