import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { TestApp, startTestApp } from '../support/test-app';

const patient = {
  resourceType: 'Patient',
  identifier: [
    {
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
      system: 'urn:oid:1.2.36.146.595.217.0.1',
      value: 'A-77',
    },
    { system: 'http://hl7.org/fhir/sid/us-ssn', value: '423-11-9078' },
  ],
  name: [{ use: 'official', family: 'Quillfeather', given: ['Marguerite', 'Ann'] }],
  gender: 'female',
  birthDate: '1979-11-02',
  telecom: [{ system: 'phone', value: '+1 503 555 0199' }],
  address: [
    { use: 'home', line: ['400 Pine Rd'], city: 'Salem', state: 'OR', postalCode: '97301' },
  ],
};

describe('FHIR Patient ingest (POST and PUT /fhir/Patient)', () => {
  let t: TestApp;
  let token: string;

  before(async () => {
    t = await startTestApp('fhir_ingest');
    token = await t.token('ingest');
  });
  after(() => t.close());

  const send = (
    method: 'post' | 'put',
    path: string,
    body: unknown,
    type = 'application/fhir+json',
  ) => {
    const agent = request(t.baseUrl);
    const call = method === 'post' ? agent.post(path) : agent.put(path);
    return call
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', type)
      .send(JSON.stringify(body));
  };

  it('creates a source record keyed by the MR identifier (201 + Location), then updates it (200)', async () => {
    const created = await send('post', '/fhir/Patient', patient).expect(201);
    assert.match(String(created.headers.location), /^Patient\/[0-9a-f-]{36}$/);
    assert.equal(created.body.resourceType, 'Patient');
    const updated = await send('post', '/fhir/Patient', { ...patient, gender: 'other' }).expect(
      200,
    );
    assert.equal(updated.body.id, created.body.id);
  });

  it('PUT without an MR identifier keys the record by (fhir, id)', async () => {
    const body = { ...patient, id: 'ext-9', identifier: [] };
    const first = await send('put', '/fhir/Patient/ext-9', body).expect(201);
    const second = await send('put', '/fhir/Patient/ext-9', body).expect(200);
    assert.equal(first.body.id, second.body.id);
    await send('put', '/fhir/Patient/other-id', body).expect(400);
  });

  it('refuses what is not a Patient, a wrong shape and a wrong content type with an OperationOutcome', async () => {
    const notPatient = await send('post', '/fhir/Patient', { resourceType: 'Observation' }).expect(
      400,
    );
    assert.equal(notPatient.body.resourceType, 'OperationOutcome');
    assert.match(String(notPatient.headers['content-type']), /application\/fhir\+json/);
    const badShape = await send('post', '/fhir/Patient', {
      ...patient,
      name: 'Quillfeather',
    }).expect(400);
    assert.equal(badShape.body.issue[0].expression[0], 'Patient.name');
    const noKey = await send('post', '/fhir/Patient', { ...patient, identifier: [] }).expect(400);
    assert.equal(noKey.body.resourceType, 'OperationOutcome');
    await send('post', '/fhir/Patient', patient, 'text/plain').expect(415);
    const badDate = await send('post', '/fhir/Patient', {
      ...patient,
      birthDate: '1979-13-40',
    }).expect(400);
    assert.equal(JSON.stringify(badDate.body).includes('1979-13-40'), false);
  });

  it('answers 401 on /fhir as an OperationOutcome', async () => {
    const res = await request(t.baseUrl)
      .post('/fhir/Patient')
      .set('Content-Type', 'application/fhir+json')
      .send('{}')
      .expect(401);
    assert.equal(res.body.resourceType, 'OperationOutcome');
    assert.equal(res.body.issue[0].code, 'login');
  });
});
