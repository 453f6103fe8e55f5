import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { LocalIssuer, startLocalIssuer } from '../support/local-oidc-issuer';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Finding 1 of the outside review: a SMART patient-context token (`launch/patient
 * patient/Patient.rs`, `patient: <id>`) listed the whole index with SSNs by
 * `birthdate=ge0001` and read any person. Now it reads its own person and records only.
 */
const people = [
  {
    source: 'ctx-clinic',
    source_id: 'CTX-1',
    given_name: 'Ottilie',
    family_name: 'Brennan-Vasquez',
    birth_date: '1961-02-17',
    sex: 'female',
    ssn: '512-40-1961',
  },
  {
    source: 'ctx-clinic',
    source_id: 'CTX-2',
    given_name: 'Barnaby',
    family_name: 'Featherstonehaugh',
    birth_date: '1970-10-03',
    sex: 'male',
    ssn: '512-40-1970',
  },
];

interface Ingested {
  recordId: string;
  personId: string;
}

describe('SMART patient-context tokens read their own patient only', () => {
  let t: TestApp;
  let issuer: LocalIssuer;
  let own: Ingested;
  let other: Ingested;
  let portal: string;

  before(async () => {
    issuer = await startLocalIssuer();
    t = await startTestApp('security_patient_ctx', {
      MPI_OIDC_ISSUER: issuer.issuer,
      MPI_AUDIENCE: issuer.audience,
      MPI_DEV_TOKENS: 'true',
      MPI_RATE_LIMIT: '0',
    });
    const res = await request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${await t.token('admin')}`)
      .send({ records: people })
      .expect(200);
    [own, other] = res.body.outcomes as [Ingested, Ingested];
    assert.notEqual(own.personId, other.personId);
    portal = await issuer.sign({
      scope: 'launch/patient patient/Patient.rs',
      patient: own.personId,
      client_id: 'patient-portal',
    });
  });
  after(async () => {
    await t.close();
    await issuer.close();
  });

  const get = (path: string, token = portal) =>
    request(t.baseUrl).get(path).set('Authorization', `Bearer ${token}`);

  it('reads its own golden record and its own source record', async () => {
    const person = await get(`/fhir/Patient/${own.personId}`).expect(200);
    assert.equal(person.body.id, own.personId);
    const record = await get(`/fhir/Patient/${own.recordId}`).expect(200);
    assert.equal(record.body.id, own.recordId);
  });

  it('is refused another person, another person`s record and an unknown id alike (403)', async () => {
    for (const id of [other.personId, other.recordId, '00000000-0000-4000-8000-000000000000']) {
      const res = await get(`/fhir/Patient/${id}`).expect(403);
      assert.equal(res.body.resourceType, 'OperationOutcome');
      assert.ok(!JSON.stringify(res.body).includes('Featherstonehaugh'));
    }
  });

  it('cannot search: the review`s `birthdate=ge0001` harvest and an identifier search are 403', async () => {
    const harvest = await get('/fhir/Patient?birthdate=ge0001').expect(403);
    assert.ok(!JSON.stringify(harvest.body).includes('512-40'));
    await get('/fhir/Patient?identifier=ctx-clinic|CTX-1').expect(403);
  });

  it('cannot use PIXm, $match or /api, even for its own person', async () => {
    await get('/fhir/Patient/$ihe-pix?sourceIdentifier=ctx-clinic|CTX-1').expect(403);
    await get(`/api/persons/${own.personId}`).expect(403);
    await request(t.baseUrl)
      .post('/fhir/Patient/$match')
      .set('Authorization', `Bearer ${portal}`)
      .set('Content-Type', 'application/fhir+json')
      .send(
        JSON.stringify({
          resourceType: 'Parameters',
          parameter: [{ name: 'resource', resource: { resourceType: 'Patient' } }],
        }),
      )
      .expect(403);
  });

  it('reads nothing without a `patient` claim, and `patient/*.rs` is no wider', async () => {
    const noContext = await issuer.sign({ scope: 'launch/patient patient/Patient.rs' });
    await get(`/fhir/Patient/${own.personId}`, noContext).expect(403);
    const wildcard = await issuer.sign({ scope: 'patient/*.rs', patient: own.personId });
    await get(`/fhir/Patient/${own.personId}`, wildcard).expect(200);
    await get(`/fhir/Patient/${other.personId}`, wildcard).expect(403);
    await get('/fhir/Patient?birthdate=ge0001', wildcard).expect(403);
    await get('/fhir/AuditEvent', wildcard).expect(403);
  });

  it('records the refusal in the audit trail', async () => {
    await get(`/fhir/Patient/${other.personId}`).expect(403);
    const res = await request(t.baseUrl)
      .get('/api/audit')
      .query({ outcome: 'denied', action: 'person.read' })
      .set('Authorization', `Bearer ${await t.token('auditor')}`)
      .expect(200);
    assert.ok(res.body.total >= 1);
  });
});
