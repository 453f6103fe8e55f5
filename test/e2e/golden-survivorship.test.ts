import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Survivorship through the service: registrations sent as FHIR Patients out of time order
 * (the newest first), the address following the one the source says is newest
 * (`meta.lastUpdated`), names in their registered spelling, and each golden value saying why
 * it won in the person API and the FHIR provenance extension.
 */
const mr = (system: string, value: string) => ({
  type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
  system,
  value,
});
const ssn = { system: 'http://hl7.org/fhir/sid/us-ssn', value: '423-55-9078' };

const registration = (
  system: string,
  mrn: string,
  lastUpdated: string,
  given: string,
  address: { line: string; postalCode: string },
  phone?: string,
) => ({
  resourceType: 'Patient',
  meta: { lastUpdated },
  identifier: [mr(system, mrn), ssn],
  name: [{ use: 'official', family: "O'Brien-García", given: [given] }],
  gender: 'female',
  birthDate: '1979-11-02',
  address: [{ use: 'home', line: [address.line], city: 'Salem', postalCode: address.postalCode }],
  ...(phone ? { telecom: [{ system: 'phone', value: phone }] } : {}),
});

describe('golden records: survivorship by meaning and by event time', () => {
  let t: TestApp;
  let ingest: string;
  let steward: string;

  before(async () => {
    t = await startTestApp('golden_survivorship');
    // Admin: an ingest-only client is not told which person a record joined (security #15).
    ingest = await t.token('admin');
    steward = await t.token('steward');
  });
  after(() => t.close());

  const post = (body: unknown) =>
    request(t.baseUrl)
      .post('/fhir/Patient')
      .set('Authorization', `Bearer ${ingest}`)
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify(body));

  it('follows the newest registration by meta.lastUpdated, whatever order they arrive in', async () => {
    const newest = registration(
      'urn:h',
      'H-1',
      '2024-06-01T09:00:00Z',
      'Margaret',
      {
        line: '9 New Street',
        postalCode: '97302',
      },
      '503-555-0102',
    );
    const older = registration(
      'urn:c',
      'C-1',
      '2019-02-01T09:00:00+01:00',
      'Maggie',
      {
        line: '1 Old Road',
        postalCode: '97301',
      },
      '503-555-0101',
    );
    const third = registration('urn:l', 'L-1', '2020-03-01T09:00:00Z', 'Margaret', {
      line: '1 Old Road',
      postalCode: '97301',
    });
    const first = await post(newest).expect(201);
    await post(older).expect(201);
    await post(third).expect(201);
    const record = (
      await request(t.baseUrl)
        .get(`/fhir/Patient/${first.body.id}`)
        .set('Authorization', `Bearer ${steward}`)
        .expect(200)
    ).body;
    const personId = String(
      record.link.find((l: { type: string }) => l.type === 'refer').other.reference,
    ).replace('Patient/', '');
    const person = (
      await request(t.baseUrl)
        .get(`/api/persons/${personId}`)
        .set('Authorization', `Bearer ${steward}`)
        .expect(200)
    ).body;
    assert.equal(person.records.length, 3, 'one person');
    assert.equal(person.golden.addressLine.value, '9 new st');
    assert.equal(person.golden.postalCode.value, '97302');
    assert.equal(person.golden.addressLine.recordId, first.body.id);
    assert.match(person.golden.addressLine.reason, /newest of 3 registrations/);
    assert.equal(person.golden.givenName.value, 'Margaret');
    assert.match(person.golden.givenName.reason, /^3 of 3 registrations; formal name of 'maggie'/);
    assert.equal(person.golden.familyName.value, "O'Brien-García");

    const patient = (
      await request(t.baseUrl)
        .get(`/fhir/Patient/${personId}`)
        .set('Authorization', `Bearer ${steward}`)
        .expect(200)
    ).body;
    assert.equal(patient.name[0].family, "O'Brien-García");
    assert.deepEqual(patient.telecom[0], { system: 'phone', value: '5035550102', rank: 1 });
    assert.equal(patient.telecom[1].value, '5035550101', 'older contacts follow, unranked');
    const provenance = patient.extension.find(
      (e: { url: string; extension?: { url: string; valueCode?: string }[] }) =>
        e.url === 'urn:mpi:fhir:StructureDefinition/golden-provenance' &&
        e.extension?.some((x) => x.url === 'element' && x.valueCode === 'givenName'),
    );
    const reason = provenance.extension.find((x: { url: string }) => x.url === 'reason');
    assert.match(reason.valueString, /formal name of 'maggie'/);
  });

  it('takes the spelling other stored records carry over a newer typo', async () => {
    const record = (sourceId: string, given: string, family: string, ssn?: string) => ({
      source: 'clinic',
      source_id: sourceId,
      given_name: given,
      family_name: family,
      birth_date: `19${sourceId.slice(-2)}-03-04`,
      sex: 'female',
      ...(ssn ? { ssn } : {}),
    });
    const others = ['X-41', 'X-52', 'X-63'].map((id) => record(id, 'Xiu', `Other${id.slice(-2)}`));
    const send = (records: object[]) =>
      request(t.baseUrl)
        .post('/api/records')
        .set('Authorization', `Bearer ${ingest}`)
        .send({ records })
        .expect(200);
    await send(others);
    const [right] = (await send([record('P-77', 'Xiu', 'Quarrington', '219-44-7777')])).body
      .outcomes;
    const [typo] = (await send([record('Q-77', 'Xui', 'Quarrington', '219-44-7777')])).body
      .outcomes;
    assert.equal(typo.personId, right.personId, 'one person');
    const person = (
      await request(t.baseUrl)
        .get(`/api/persons/${right.personId}`)
        .set('Authorization', `Bearer ${steward}`)
        .expect(200)
    ).body;
    assert.equal(person.golden.givenName.value, 'Xiu');
    assert.match(person.golden.givenName.reason, /common spelling, over 'xui'/);
  });

  it('refuses a meta.lastUpdated that is not an instant', async () => {
    const bad = registration('urn:h', 'H-9', 'yesterday', 'Ann', {
      line: '1 A St',
      postalCode: '97301',
    });
    const answer = await post(bad).expect(400);
    assert.equal(answer.body.issue[0].expression[0], 'Patient.meta.lastUpdated');
  });
});
