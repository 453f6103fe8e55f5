import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertFp, assertValidFhir } from '../support/fhir-conformance';
import {
  PatientFields,
  ingestRows,
  matchParameters,
  patient,
  postMatch,
} from '../support/fhir-fixtures';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * The minimum input of $match, re-created from the HL7 FAST identity matching test kit
 * (HL7-FAST/identity-matching-test-kit, lib/identity_matching/patient_matching.rb, "IDI Patient
 * Base" tables): one attribute alone is refused (not 200), a name part with another attribute
 * is answered (200, a Bundle). The kit's values are kept, except its phone 555-555-5555, which
 * this MPI treats as a placeholder (a case of its own below).
 */
const KIT = {
  last: { family: 'Doe' },
  first: { given: ['Jane'] },
  dob: { birthDate: '1991-12-31' },
  passport: {
    identifier: [{ system: 'http://hl7.org/fhir/sid/passport-USA', value: 'US53535353' }],
  },
  phone: { phone: '703-555-0142' },
  address: { line: '135 Dolly Madison Pkwy', city: 'McLean' },
} satisfies Record<string, PatientFields>;

const INSUFFICIENT: [string, PatientFields][] = [
  ['last name', KIT.last],
  ['first name', KIT.first],
  ['date of birth', KIT.dob],
  ['identifier', KIT.passport],
  ['telecom', KIT.phone],
  ['address', KIT.address],
];

const MINIMUM: [string, PatientFields][] = [
  ['full name', { ...KIT.last, ...KIT.first }],
  ['last name and date of birth', { ...KIT.last, ...KIT.dob }],
  ['last name and identifier', { ...KIT.last, ...KIT.passport }],
  ['last name and phone number', { ...KIT.last, ...KIT.phone }],
  ['last name and address', { ...KIT.last, ...KIT.address }],
  ['first name and date of birth', { ...KIT.first, ...KIT.dob }],
  ['first name and identifier', { ...KIT.first, ...KIT.passport }],
  ['first name and phone number', { ...KIT.first, ...KIT.phone }],
  ['first name and address', { ...KIT.first, ...KIT.address }],
];

describe('FHIR Patient/$match minimum input (HL7 FAST identity matching test kit, IDI Patient base level)', () => {
  let t: TestApp;
  let token: string;

  before(async () => {
    t = await startTestApp('fhir_match_minimum');
    token = await t.token('match');
    await ingestRows(t, [
      {
        source: 'fast-kit',
        source_id: 'MS12121212',
        given_name: 'Jane',
        family_name: 'Doe',
        birth_date: '1991-12-31',
        sex: 'female',
        phone: '703-555-0142',
        address_line: '135 Dolly Madison Pkwy',
        city: 'McLean',
        other_identifiers: 'http://hl7.org/fhir/sid/passport-USA|US53535353',
      },
    ]);
  });
  after(() => t.close());

  for (const [label, fields] of INSUFFICIENT) {
    it(`HL7 FAST test kit, IDI Patient base: ${label} alone is refused with 400 saying what is missing`, async () => {
      const res = await postMatch(t, token, matchParameters(patient(fields)));
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assertValidFhir(res.body, 'OperationOutcome');
      assertFp(res.body, "issue.first().diagnostics.contains('too little to match on')");
      assertFp(res.body, "issue.where(diagnostics.startsWith('missing: ')).exists()");
    });
  }

  for (const [label, fields] of MINIMUM) {
    it(`HL7 FAST test kit, IDI Patient base: ${label} is enough for a 200 Bundle`, async () => {
      const res = await postMatch(t, token, matchParameters(patient(fields)));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assertValidFhir(res.body, '$match Bundle');
      assertFp(res.body, "resourceType = 'Bundle' and type = 'searchset'");
    });
  }

  it('HL7 FAST test kit phone 555-555-5555 is a placeholder: with a last name it leaves only the name, so 400', async () => {
    const res = await postMatch(
      t,
      token,
      matchParameters(patient({ ...KIT.last, phone: '555-555-5555' })),
    );
    assert.equal(res.status, 400);
    assertFp(res.body, "issue.first().diagnostics.contains('only a family name')");
  });

  it('the minimum is documented in the CapabilityStatement ($match operation documentation)', async () => {
    const res = await fetch(`${t.baseUrl}/fhir/metadata`);
    const statement: unknown = await res.json();
    assertFp(
      statement,
      "rest.resource.where(type = 'Patient').operation.where(name = 'match').documentation.contains('Minimum input')",
    );
  });
});
