import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MpiError } from '../../src/common/mpi-error';
import { matchInput } from '../../src/fhir/match-input';
import { missingEvidence } from '../../src/fhir/match-minimum';
import { parseMatchRequest } from '../../src/fhir/match-request';
import { MatchFeatures } from '../../src/matching/record-types';

const PATIENT = {
  resourceType: 'Patient',
  name: [{ family: 'Smith', given: ['Jane'] }],
  birthDate: '1990-01-01',
};

function rejects(run: () => unknown, location: string): void {
  assert.throws(
    run,
    (error: unknown) =>
      error instanceof MpiError &&
      error.code === 'invalid-input' &&
      error.details.some((d) => d.location === location),
  );
}

describe('parseMatchRequest: the $match input (Parameters or a bare Patient)', () => {
  it('reads resource, onlyCertainMatches and count; a bare Patient means defaults', () => {
    const parsed = parseMatchRequest({
      resourceType: 'Parameters',
      parameter: [
        { name: 'resource', resource: PATIENT },
        { name: 'onlyCertainMatches', valueBoolean: true },
        { name: 'count', valueInteger: 3 },
      ],
    });
    assert.deepEqual(parsed, { patient: PATIENT, onlyCertainMatches: true, count: 3 });
    assert.deepEqual(parseMatchRequest(PATIENT), {
      patient: PATIENT,
      onlyCertainMatches: false,
      count: null,
    });
  });

  const bad: [string, unknown, string][] = [
    ['not an object', 'Patient', 'resourceType'],
    ['another resource type', { resourceType: 'Bundle' }, 'resourceType'],
    [
      'parameter not an array',
      { resourceType: 'Parameters', parameter: {} },
      'Parameters.parameter',
    ],
    [
      'no resource',
      { resourceType: 'Parameters', parameter: [] },
      "Parameters.parameter('resource')",
    ],
    [
      'resource not a Patient',
      {
        resourceType: 'Parameters',
        parameter: [{ name: 'resource', resource: { resourceType: 'Person' } }],
      },
      "Parameters.parameter('resource').resource.resourceType",
    ],
    [
      'count as a string',
      {
        resourceType: 'Parameters',
        parameter: [
          { name: 'resource', resource: PATIENT },
          { name: 'count', valueString: '2' },
        ],
      },
      "Parameters.parameter('count')",
    ],
    [
      'count below 1',
      {
        resourceType: 'Parameters',
        parameter: [
          { name: 'resource', resource: PATIENT },
          { name: 'count', valueInteger: 0 },
        ],
      },
      "Parameters.parameter('count')",
    ],
    [
      'count a decimal',
      {
        resourceType: 'Parameters',
        parameter: [
          { name: 'resource', resource: PATIENT },
          { name: 'count', valueInteger: 1.5 },
        ],
      },
      "Parameters.parameter('count')",
    ],
    [
      'onlyCertainMatches as text',
      {
        resourceType: 'Parameters',
        parameter: [
          { name: 'resource', resource: PATIENT },
          { name: 'onlyCertainMatches', valueString: 'true' },
        ],
      },
      "Parameters.parameter('onlyCertainMatches')",
    ],
    [
      'an unknown parameter',
      {
        resourceType: 'Parameters',
        parameter: [
          { name: 'resource', resource: PATIENT },
          { name: 'onlySingleMatch', valueBoolean: true },
        ],
      },
      'Parameters.parameter.name',
    ],
    [
      'a repeated parameter',
      {
        resourceType: 'Parameters',
        parameter: [
          { name: 'resource', resource: PATIENT },
          { name: 'resource', resource: PATIENT },
        ],
      },
      "Parameters.parameter('resource')",
    ],
  ];
  for (const [label, body, location] of bad) {
    it(`refuses ${label}, naming ${location}`, () =>
      rejects(() => parseMatchRequest(body), location));
  }
});

describe('matchInput: the Patient as a query record', () => {
  it('maps names, identifiers and contact points; drops the record key', () => {
    const { record, notes } = matchInput({
      ...PATIENT,
      identifier: [
        { type: { coding: [{ code: 'MR' }] }, system: 'st-mary', value: 'J-1' },
        { system: 'http://hl7.org/fhir/sid/us-ssn', value: '512-44-1111' },
        { system: 'urn:oid:1.2.3', value: 'D-1' },
      ],
      telecom: [{ system: 'phone', value: '5035550101' }],
    });
    assert.deepEqual(record, {
      given_name: 'Jane',
      family_name: 'Smith',
      birth_date: '1990-01-01',
      ssn: '512-44-1111',
      phone: '5035550101',
      other_identifiers: 'urn:oid:1.2.3|D-1',
    });
    assert.deepEqual(notes, []);
  });

  it('leaves a year or year-month birth date out of the scoring, with a warning (HAPI coarse birth date)', () => {
    for (const birthDate of ['1991', '1991-10']) {
      const { record, notes } = matchInput({ ...PATIENT, birthDate });
      assert.equal(record.birth_date, undefined);
      assert.deepEqual(
        notes.map((n) => [n.severity, n.expression]),
        [['warning', ['Patient.birthDate']]],
      );
    }
  });

  it('refuses modifierExtension and implicitRules (IHE ITI-119 test plan)', () => {
    rejects(
      () => matchInput({ ...PATIENT, modifierExtension: [{ url: 'x' }] }),
      'Patient.modifierExtension',
    );
    rejects(() => matchInput({ ...PATIENT, implicitRules: 'urn:x' }), 'Patient.implicitRules');
  });
});

function features(parts: Partial<MatchFeatures>): MatchFeatures {
  return {
    keyId: 'k',
    given: null,
    givenCanonical: null,
    givenMetaphone: null,
    middle: null,
    family: null,
    familyParts: [],
    familyMetaphone: null,
    suffix: null,
    birthDate: null,
    sex: null,
    ssn: null,
    phone: null,
    email: null,
    addressLine: null,
    city: null,
    state: null,
    postalCode: null,
    mothersMaidenName: null,
    multipleBirth: null,
    otherIdentifiers: [],
    ...parts,
  };
}

describe('missingEvidence: the HL7 FAST base-level minimum', () => {
  const token = { token: 't', variants: [] };
  const cases: [string, Partial<MatchFeatures>, boolean][] = [
    ['nothing', {}, false],
    ['family name alone', { family: 'doe' }, false],
    ['given name alone', { given: 'jane' }, false],
    ['birth date alone', { birthDate: '1991-12-31' }, false],
    ['identifier alone', { ssn: token }, false],
    ['phone alone', { phone: token }, false],
    ['address alone', { addressLine: '135 dolly madison pkwy' }, false],
    [
      'birth date and phone (no name, no identifier)',
      { birthDate: '1991-12-31', phone: token },
      false,
    ],
    ['full name', { family: 'doe', given: 'jane' }, true],
    ['family name and birth date', { family: 'doe', birthDate: '1991-12-31' }, true],
    [
      'given name and an identifier',
      { given: 'jane', otherIdentifiers: [{ system: 's', ...token }] },
      true,
    ],
    ['family name and postal code', { family: 'doe', postalCode: '22101' }, true],
    ['identifier and birth date', { ssn: token, birthDate: '1991-12-31' }, true],
  ];
  for (const [label, parts, enough] of cases) {
    it(`${label}: ${enough ? 'enough' : 'too thin'}`, () => {
      const missing = missingEvidence(features(parts));
      assert.equal(missing.length === 0, enough);
      if (!enough) assert.match(missing[0]?.reason ?? '', /too little to match on/);
    });
  }

  it('says which elements would help: a name or identifier when those are what is lacking', () => {
    const locations = missingEvidence(
      features({ birthDate: '1991-12-31', phone: { token: 't', variants: [] } }),
    ).map((d) => d.location);
    assert.deepEqual(locations, [
      'Patient',
      'Patient.name.family',
      'Patient.name.given',
      'Patient.identifier',
    ]);
  });
});
