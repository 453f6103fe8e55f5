import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import {
  LocalIssuer,
  publicKeyAsHmacToken,
  signWithKey,
  startLocalIssuer,
  unsignedToken,
} from '../support/local-oidc-issuer';
import { TestApp, startTestApp } from '../support/test-app';

const patient = {
  source: 'oidc-clinic',
  source_id: 'OIDC-1',
  given_name: 'Quentin',
  family_name: 'Okonkwo-Lindqvist',
  birth_date: '1979-06-30',
  sex: 'male',
};

const matchBody = {
  resourceType: 'Parameters',
  parameter: [
    {
      name: 'resource',
      resource: {
        resourceType: 'Patient',
        name: [{ family: 'Okonkwo-Lindqvist', given: ['Quentin'] }],
        birthDate: '1979-06-30',
        gender: 'male',
      },
    },
  ],
};

describe('OAuth2 resource server against a local issuer', () => {
  let t: TestApp;
  let issuer: LocalIssuer;

  before(async () => {
    issuer = await startLocalIssuer();
    t = await startTestApp('security_oidc', {
      MPI_OIDC_ISSUER: issuer.issuer,
      MPI_AUDIENCE: issuer.audience,
      // Discovery finds the JWKS; a short cooldown lets the rotation case re-fetch at once.
      MPI_JWKS_COOLDOWN_MS: '0',
      MPI_OIDC_CLOCK_TOLERANCE_SECONDS: '5',
      MPI_RATE_LIMIT: '0',
      // Writers are bound to their sources (by client id, else subject): see security-ingest-binding.
      MPI_CLIENT_SOURCES: JSON.stringify({
        'adt-feed': ['oidc-clinic'],
        'svc-test': ['oidc-clinic'],
      }),
    });
  });
  after(async () => {
    await t.close();
    await issuer.close();
  });

  const ingest = (token: string) =>
    request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${token}`)
      .send({ records: [patient] });
  const match = (token: string) =>
    request(t.baseUrl)
      .post('/fhir/Patient/$match')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify(matchBody));

  it('accepts SMART system scopes: Patient.cu ingests, Patient.rs matches; each refused the other (403)', async () => {
    const writer = await issuer.sign({ scope: 'system/Patient.cu', client_id: 'adt-feed' });
    const reader = await issuer.sign({ scope: 'system/Patient.rs', client_id: 'portal' });
    assert.equal((await ingest(writer)).status, 200);
    const found = await match(reader).expect(200);
    assert.equal(found.body.resourceType, 'Bundle');
    assert.ok(found.body.entry.length >= 1);
    await ingest(reader).expect(403);
    const refused = await match(writer).expect(403);
    assert.equal(refused.body.resourceType, 'OperationOutcome');
    assert.equal(refused.body.issue[0].code, 'forbidden');
  });

  it('maps MPI roles from the roles claim and from realm_access.roles (with an mpi- prefix)', async () => {
    await ingest(await issuer.sign({ roles: ['mpi-ingest'] })).expect(200);
    const auditor = await issuer.sign({
      realm_access: { roles: ['offline_access', 'mpi-auditor'] },
    });
    await request(t.baseUrl)
      .get('/api/audit')
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    await ingest(auditor).expect(403);
  });

  it('refuses realm-wide bare role names: another application`s realm role `admin` is nothing here (403)', async () => {
    const otherApps = await issuer.sign({
      roles: ['admin'],
      realm_access: { roles: ['admin', 'ingest', 'auditor'] },
    });
    await ingest(otherApps).expect(403);
    await request(t.baseUrl)
      .get('/api/audit')
      .set('Authorization', `Bearer ${otherApps}`)
      .expect(403);
    const ownClient = await issuer.sign({
      resource_access: { [issuer.audience]: { roles: ['auditor'] } },
    });
    await request(t.baseUrl)
      .get('/api/audit')
      .set('Authorization', `Bearer ${ownClient}`)
      .expect(200);
  });

  it('accepts only access tokens (typ at+jwt): an ID token of the same issuer is refused (401)', async () => {
    const idToken = await issuer.sign({ scope: 'system/Patient.cu' }, { typ: 'JWT' });
    await ingest(idToken).expect(401);
    const untyped = await issuer.sign({ scope: 'system/Patient.cu' }, { typ: null });
    await ingest(untyped).expect(401);
  });

  it('gives patient-context scopes read only: no $match over the whole index, no writes', async () => {
    const app = await issuer.sign({ scope: 'patient/*.rs launch/patient' });
    await match(app).expect(403);
    await ingest(app).expect(403);
  });

  it('refuses tokens that are expired, not yet valid, for another audience or issuer, or without expiry (401)', async () => {
    const scope = { scope: 'system/Patient.cu' };
    const cases: [string, string][] = [
      ['expired', await issuer.sign(scope, { expiresIn: -3600 })],
      ['not yet valid', await issuer.sign(scope, { notBefore: 3600 })],
      ['wrong audience', await issuer.sign(scope, { audience: 'urn:some-other-api' })],
      ['wrong issuer', await issuer.sign(scope, { issuer: 'http://127.0.0.1:1/evil' })],
      ['no exp', await issuer.sign(scope, { expiresIn: null })],
    ];
    for (const [label, token] of cases) {
      const res = await ingest(token);
      assert.equal(res.status, 401, label);
      assert.equal(res.body.error, 'unauthenticated', label);
    }
  });

  it('refuses alg none, HS256 made with the public key, an unpublished key and a tampered payload (401)', async () => {
    const claims = { scope: 'system/Patient.cu' };
    await ingest(unsignedToken(issuer, claims)).expect(401);
    await ingest(await publicKeyAsHmacToken(issuer, claims)).expect(401);
    await ingest(await signWithKey(await issuer.unpublishedKey(), issuer, claims)).expect(401);
    const [header, , signature] = (await issuer.sign({ scope: 'system/Patient.rs' })).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        iss: issuer.issuer,
        aud: issuer.audience,
        scope: 'system/Patient.cu',
        exp: 9999999999,
      }),
    ).toString('base64url');
    await ingest(`${header}.${forged}.${signature}`).expect(401);
  });

  it('follows a signing-key rotation: a new kid is fetched from the JWKS, RS256 and ES256 alike', async () => {
    await ingest(await issuer.sign({ scope: 'system/Patient.cu' })).expect(200);
    const fetchesBefore = issuer.jwksFetches;
    await issuer.rotate('ES256');
    await ingest(await issuer.sign({ scope: 'system/Patient.cu' })).expect(200);
    assert.ok(issuer.jwksFetches > fetchesBefore, 'the JWKS was not re-fetched for the new kid');
    const retired = issuer.current;
    await issuer.rotate('PS256', true);
    await ingest(await issuer.sign({ scope: 'system/Patient.cu' })).expect(200);
    // A key the issuer stopped publishing no longer verifies once the JWKS is re-read.
    await ingest(await signWithKey(retired, issuer, { scope: 'system/Patient.cu' })).expect(401);
  });

  it('gives wildcard scopes no audit reads (review finding 15): only a scope naming AuditEvent reads the trail', async () => {
    for (const scope of ['user/*.read', 'user/*.rs', 'system/*.rs', 'system/*.read']) {
      const wildcard = await issuer.sign({ scope });
      await request(t.baseUrl)
        .get('/api/audit')
        .set('Authorization', `Bearer ${wildcard}`)
        .expect(403);
      await request(t.baseUrl)
        .get('/fhir/AuditEvent')
        .set('Authorization', `Bearer ${wildcard}`)
        .expect(403);
    }
    const auditReader = await issuer.sign({ scope: 'user/AuditEvent.rs' });
    await request(t.baseUrl)
      .get('/api/audit')
      .set('Authorization', `Bearer ${auditReader}`)
      .expect(200);
  });

  it('turns development tokens off when an issuer is configured', async () => {
    await ingest(await t.token('admin')).expect(401);
  });

  it('publishes /.well-known/smart-configuration without a token, endpoints from discovery', async () => {
    const res = await request(t.baseUrl).get('/.well-known/smart-configuration').expect(200);
    assert.equal(res.body.issuer, issuer.issuer);
    assert.equal(res.body.token_endpoint, `${issuer.issuer}/token`);
    assert.equal(res.body.jwks_uri, issuer.jwksUrl);
    assert.ok(res.body.scopes_supported.includes('system/Patient.rs'));
    assert.ok(res.body.capabilities.includes('permission-v2'));
    const metadata = await request(t.baseUrl).get('/fhir/metadata').expect(200);
    const security = metadata.body.rest[0].security;
    assert.equal(security.service[0].coding[0].code, 'SMART-on-FHIR');
  });

  it('records who was refused: a denied event with subject and client, in the audit trail', async () => {
    const reader = await issuer.sign(
      { scope: 'system/Patient.rs', client_id: 'nosy-client' },
      { subject: 'svc-nosy' },
    );
    await ingest(reader).expect(403);
    const auditor = await issuer.sign({ roles: ['mpi-auditor'] });
    const res = await request(t.baseUrl)
      .get('/api/audit')
      .query({ actor: 'svc-nosy', outcome: 'denied' })
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    assert.equal(res.body.total, 1);
    assert.equal(res.body.events[0].client, 'nosy-client');
    assert.equal(res.body.events[0].action, 'http.POST /api/records');
    assert.equal(res.body.events[0].role, 'system/Patient.rs');
  });
});
