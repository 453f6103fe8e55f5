import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../src/auth/dev-token-signer';
import { runCli } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Findings 9 to 12, 14 and 15 (development tokens, and ciphertexts bound to their row) of the
 * outside review, each as its attack.
 */
const person = {
  source: 'low-clinic',
  source_id: 'L-1',
  given_name: 'Mohammed',
  family_name: 'Abernathy-Quist',
  birth_date: '1972-05-14',
  sex: 'male',
};

const MR = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };

describe('the review`s low findings', () => {
  let t: TestApp;
  let admin: string;
  let steward: string;
  let personId: string;

  before(async () => {
    t = await startTestApp('security_low_findings', {
      MPI_RATE_LIMIT: '0',
      MPI_PUBLIC_BASE_URL: 'https://mpi.example.org/base/',
      MPI_STATEMENT_TIMEOUT_MS: '3000',
    });
    admin = await t.token('admin');
    steward = await t.token('steward');
    const res = await request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${admin}`)
      .send({ records: [person] })
      .expect(200);
    personId = res.body.outcomes[0].personId;
  });
  after(() => t.close());

  const pin = (value: unknown, field = 'givenName') =>
    request(t.baseUrl)
      .post(`/api/persons/${personId}/pins`)
      .set('Authorization', `Bearer ${steward}`)
      .send({ field, value, reason: 'test' });

  it('9: refuses pins of the wrong type or with markup, so reads never turn into 500s', async () => {
    for (const value of [123, {}, [], true, '<img src=x onerror=alert(1)>', ' ', 'x'.repeat(201)])
      await pin(value).expect(400);
    await pin('1972-02-30', 'birthDate').expect(400);
    await pin('robot', 'sex').expect(400);
    await pin(0, 'multipleBirth').expect(400);
    await pin('  Mo  ').expect(200);
    const read = await request(t.baseUrl)
      .get(`/fhir/Patient/${personId}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    assert.equal(read.body.name[0].given[0], 'Mo');
    await pin(2, 'multipleBirth').expect(200);
    await pin('Female', 'sex').expect(200);
  });

  it('11: answers unparseable JSON and undecodable URLs with fixed text, echoing nothing', async () => {
    const json = await request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/json')
      .send('{"records":[{"given_name": Mohammed Abernathy}]}')
      .expect(400);
    assert.ok(!JSON.stringify(json.body).includes('Mohammed'), JSON.stringify(json.body));
    const fhir = await request(t.baseUrl)
      .post('/fhir/Patient/$match')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/fhir+json')
      .send('{"resourceType": Mohammed A')
      .expect(400);
    assert.ok(!JSON.stringify(fhir.body).includes('Mohammed'), JSON.stringify(fhir.body));
    for (const path of ['/fhir/Patient/Abernathy%E0%A4%A', `/api/persons/Abernathy%E0%A4%A`]) {
      const res = await request(t.baseUrl).get(path).set('Authorization', `Bearer ${admin}`);
      assert.ok(res.status === 400 || res.status === 404, `${path}: ${res.status}`);
      assert.ok(!JSON.stringify(res.body).includes('Abernathy'), JSON.stringify(res.body));
    }
  });

  it('12: answers 400, not 500, to odd identifier types and huge paging numbers', async () => {
    for (const type of ['MR', { coding: 'MR' }, { coding: [null] }, { coding: [7, 'MR'] }]) {
      const patient = {
        resourceType: 'Patient',
        identifier: [{ type, system: 'low-clinic', value: 'L-9' }],
        name: [{ family: 'Abernathy-Quist', given: ['Mohammed'] }],
      };
      const ingest = await request(t.baseUrl)
        .post('/fhir/Patient')
        .set('Authorization', `Bearer ${admin}`)
        .set('Content-Type', 'application/fhir+json')
        .send(JSON.stringify(patient));
      assert.ok(ingest.status < 500, `POST ${JSON.stringify(type)}: ${ingest.status}`);
      const match = await request(t.baseUrl)
        .post('/fhir/Patient/$match')
        .set('Authorization', `Bearer ${admin}`)
        .set('Content-Type', 'application/fhir+json')
        .send(
          JSON.stringify({
            resourceType: 'Parameters',
            parameter: [{ name: 'resource', resource: patient }],
          }),
        );
      assert.ok(match.status < 500, `$match ${JSON.stringify(type)}: ${match.status}`);
    }
    const typed = {
      resourceType: 'Patient',
      identifier: [{ type: MR, system: 'low-clinic', value: 'L-9' }],
      name: [{ family: 'Abernathy-Quist', given: ['Mohammed'] }],
    };
    await request(t.baseUrl)
      .post('/fhir/Patient')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify(typed))
      .expect(201);
    for (const query of ['page=1e300', 'minAgeHours=99999999999'])
      await request(t.baseUrl)
        .get(`/api/reviews?${query}`)
        .set('Authorization', `Bearer ${steward}`)
        .expect(400);
  });

  it('10: runs every session of the service with a statement and an idle-in-transaction timeout', async () => {
    const db = t.app.get(DataSource);
    const [limits] = (await db.query(
      `select current_setting('statement_timeout') as statement,
              current_setting('idle_in_transaction_session_timeout') as idle`,
    )) as { statement: string; idle: string }[];
    assert.deepEqual(limits, { statement: '3s', idle: '1min' });
    await assert.rejects(db.query('select pg_sleep(4)'), /statement timeout/);
  });

  it('14: takes fullUrl, links and the CapabilityStatement URL from MPI_PUBLIC_BASE_URL, never Host', async () => {
    const res = await request(t.baseUrl)
      .get('/fhir/Patient')
      .query({ identifier: 'low-clinic|L-1' })
      .set('Host', 'evil.example')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const text = JSON.stringify(res.body);
    assert.ok(!text.includes('evil.example'), text);
    assert.ok(res.body.entry[0].fullUrl.startsWith('https://mpi.example.org/base/fhir/Patient/'));
    const metadata = await request(t.baseUrl)
      .get('/fhir/metadata')
      .set('Host', 'evil.example')
      .expect(200);
    assert.equal(metadata.body.implementation.url, 'https://mpi.example.org/base/fhir');
  });

  it('15: refuses a development token without exp, which would never expire', async () => {
    const secret = Buffer.from(String(t.env.MPI_JWT_SECRET), 'base64');
    const forever = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject('local-admin')
      .setIssuedAt()
      .sign(secret);
    await request(t.baseUrl)
      .get(`/api/persons/${personId}`)
      .set('Authorization', `Bearer ${forever}`)
      .expect(401);
  });

  it('15: a database writer swapping two rows` encrypted MRNs discloses neither in the other`s place', async () => {
    const twins = ['SWAP-A', 'SWAP-B'].map((sourceId, i) => ({
      source: 'swap-clinic',
      source_id: sourceId,
      given_name: ['Ingrid', 'Tobias'][i],
      family_name: 'Vanterpool',
      birth_date: ['1961-02-03', '1994-11-20'][i],
    }));
    const res = await request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${admin}`)
      .send({ records: twins })
      .expect(200);
    const [a, b] = res.body.outcomes as { recordId: string; personId: string }[];
    const read = () =>
      request(t.baseUrl)
        .get(`/fhir/Patient/${a?.personId}`)
        .set('Authorization', `Bearer ${steward}`);
    assert.match(JSON.stringify((await read().expect(200)).body), /SWAP-A/);
    // The service's own role may update source records: a hijacked session is such a writer.
    const db = new Client({ connectionString: String(t.env.DATABASE_URL) });
    await db.connect();
    await db.query(
      `update source_record s set source_id_enc = o.source_id_enc
         from source_record o where s.id = $1 and o.id = $2`,
      [a?.recordId, b?.recordId],
    );
    await db.end();
    const swapped = await read();
    assert.equal(swapped.status, 500);
    assert.doesNotMatch(JSON.stringify(swapped.body), /SWAP-B|SWAP-A|cipher/);
  });
});

describe('review finding 15: development tokens on a shared database', () => {
  let t: TestApp;

  // An empty MPI_DEV_TOKENS is an unset one: the service's own default applies.
  before(async () => {
    t = await startTestApp('security_dev_tokens_default', { MPI_DEV_TOKENS: '' });
  });
  after(() => t.close());

  it('refuses development tokens by default when DATABASE_URL is set, however valid', async () => {
    await request(t.baseUrl)
      .get('/api/reviews')
      .set('Authorization', `Bearer ${await t.token('admin')}`)
      .expect(401);
  });

  it('prints no development token there: mpi token says they are off', async () => {
    const printed = await runCli(['token', '--role', 'admin'], t.env);
    assert.equal(printed.code, 2);
    assert.equal(printed.stdout, '');
    assert.match(printed.stderr, /development tokens are off/);
  });
});
