import assert from 'node:assert/strict';
import * as http from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { signDevToken } from '../../src/auth/dev-token-signer';
import { TestApp, startTestApp } from '../support/test-app';

describe('HTTP hardening: headers, CORS, rate limits, errors that echo nothing', () => {
  let t: TestApp;
  const token = (subject: string) =>
    signDevToken(Buffer.from(String(t.env.MPI_JWT_SECRET), 'base64'), 'match', 600, subject);

  before(async () => {
    t = await startTestApp('security_hardening', {
      MPI_RATE_LIMIT: '8',
      MPI_RATE_WINDOW_MS: '60000',
    });
  });
  after(() => t.close());

  it('sends security headers and no framework banner', async () => {
    const res = await request(t.baseUrl).get('/health').expect(200);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
    assert.match(String(res.headers['strict-transport-security']), /max-age=31536000/);
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  it('marks answers with patient data no-store; the public discovery document stays cacheable', async () => {
    const match = await request(t.baseUrl)
      .post('/fhir/Patient/$match')
      .set('Authorization', `Bearer ${await token('cache-client')}`)
      .set('Content-Type', 'application/fhir+json')
      .send({
        resourceType: 'Patient',
        name: [{ family: 'Nobody', given: ['Anna'] }],
        birthDate: '1980-01-02',
      })
      .expect(200);
    assert.equal(match.headers['cache-control'], 'no-store');
    assert.equal(match.headers.etag, undefined);
    const refused = await request(t.baseUrl)
      .get('/api/persons/00000000-0000-4000-8000-000000000000')
      .set('Authorization', `Bearer ${await token('cache-client')}`);
    assert.ok(refused.status >= 400, String(refused.status));
    assert.equal(refused.headers['cache-control'], 'no-store');
    const discovery = await request(t.baseUrl).get('/.well-known/smart-configuration').expect(200);
    assert.equal(discovery.headers['cache-control'], 'public, max-age=300');
  });

  it('answers no CORS headers when MPI_CORS_ORIGINS is not set', async () => {
    const res = await request(t.baseUrl)
      .get('/health')
      .set('Origin', 'https://evil.example')
      .expect(200);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    const preflight = await request(t.baseUrl)
      .options('/api/compare')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
  });

  it('limits each client: 429 with Retry-After past the budget, another client unaffected', async () => {
    const greedy = await token('greedy-client');
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await request(t.baseUrl)
        .get('/api/reviews/counts')
        .set('Authorization', `Bearer ${greedy}`);
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers['retry-after'];
        assert.equal(res.body.error, 'rate-limited');
      }
    }
    assert.ok(
      statuses.slice(0, 8).every((s) => s !== 429),
      statuses.join(','),
    );
    assert.equal(statuses[statuses.length - 1], 429);
    assert.match(String(retryAfter), /^\d+$/);
    const other = await token('patient-client');
    const res = await request(t.baseUrl)
      .get('/api/reviews/counts')
      .set('Authorization', `Bearer ${other}`);
    assert.notEqual(res.status, 429);
  });

  it('throttles on /fhir with an OperationOutcome (code throttled)', async () => {
    const hammer = await token('fhir-hammer');
    let last: request.Response | undefined;
    for (let i = 0; i < 10; i++)
      last = await request(t.baseUrl)
        .get('/fhir/Patient?family=x')
        .set('Authorization', `Bearer ${hammer}`);
    assert.equal(last?.status, 429);
    assert.equal(last?.body.resourceType, 'OperationOutcome');
    assert.equal(last?.body.issue[0].code, 'throttled');
  });

  it('never echoes submitted values in errors, nor reflects a hostile Host header', async () => {
    const probe = await token('probe-client');
    const marker = "Robert'); DROP TABLE person;-- <script>x</script>";
    const res = await request(t.baseUrl)
      .post('/api/compare')
      .set('Authorization', `Bearer ${probe}`)
      .send({ a: { given_name: marker, birth_date: marker }, b: { ssn: marker } });
    assert.ok(res.status >= 400 && res.status < 500, String(res.status));
    assert.equal(JSON.stringify(res.body).includes('DROP TABLE'), false);
    assert.equal(JSON.stringify(res.body).includes('<script>'), false);
  });

  it('counts calls with bad tokens against the caller address', async () => {
    // From an address of its own (all of 127/8 is loopback): it spends that address's budget,
    // not the one the other cases call from.
    const forged = (): Promise<number> =>
      new Promise((resolve, reject) => {
        const url = new URL('/api/reviews/counts', t.baseUrl);
        http
          .get(
            url,
            { localAddress: '127.0.0.2', headers: { Authorization: 'Bearer forged.token.value' } },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          )
          .on('error', reject);
      });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await forged());
    assert.equal(statuses[0], 401);
    assert.equal(statuses[statuses.length - 1], 429);
  });
});
