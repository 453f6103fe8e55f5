import assert from 'node:assert/strict';
import { IncomingMessage, request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Finding 2 of the outside review: a 5 kB gzip of `[0,0,...]` (2.6 million zeros) was
 * inflated, parsed and screened before any guard ran: 2.4 s of event loop and 0.9 GB for an
 * anonymous caller. Now the token is verified before a byte of the body is read, each route
 * has its own (inflated) limit, compressed bodies must state their size, and the JSON screen
 * stops at a node cap.
 */
const bomb = gzipSync(Buffer.from(`[${new Array<string>(2_600_000).fill('0').join(',')}]`));

interface RawAnswer {
  status: number;
  body: string;
  /** Body bytes the client had written when the answer's headers arrived. */
  bytesSentBeforeAnswer: number;
}

/**
 * Announces `announced` bytes of body but sends only the first chunk, then waits: an answer
 * can only come from a server that decided without reading (let alone inflating) the body.
 */
function sendPartialBody(
  baseUrl: string,
  headers: Record<string, string>,
  firstChunk: Buffer,
  announced: number,
): Promise<RawAnswer> {
  const url = new URL('/fhir/Patient/$match', baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(announced) } },
      (res: IncomingMessage) => {
        const sent = firstChunk.length;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body, bytesSentBeforeAnswer: sent });
        });
      },
    );
    req.on('error', reject);
    req.write(firstChunk);
  });
}

/** A gzip body as sent on the wire (supertest re-encodes buffers it is given). */
function postGzip(url: string, token: string, body: Buffer): Promise<globalThis.Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/fhir+json',
      'Content-Encoding': 'gzip',
    },
    body,
  });
}

describe('no body is read before authentication; bodies are bounded per route', () => {
  let t: TestApp;
  let matcher: string;

  before(async () => {
    t = await startTestApp('security_body_gate', { MPI_RATE_LIMIT: '0' });
    matcher = await t.token('match');
  });
  after(() => t.close());

  it('answers an unauthenticated gzip body 401 before reading it: never inflated or parsed', async () => {
    // Half of the bomb announced as 10 MB: a server that read, inflated or parsed the body
    // would wait for the rest (and then fail on a truncated stream), never answer 401 now.
    const answer = await sendPartialBody(
      t.baseUrl,
      { 'Content-Type': 'application/fhir+json', 'Content-Encoding': 'gzip' },
      bomb.subarray(0, Math.floor(bomb.length / 2)),
      10_000_000,
    );
    assert.equal(answer.status, 401);
    assert.equal(JSON.parse(answer.body).resourceType, 'OperationOutcome');
  });

  it('answers 401, not 400 or 413, to bodies with a bad token: the body was not looked at', async () => {
    const cases: [string, Buffer][] = [
      ['the bomb', bomb],
      ['not gzip at all', Buffer.from('certainly not gzip')],
      ['gzip of broken JSON', gzipSync(Buffer.from('{"resourceType": '))],
    ];
    for (const [label, body] of cases) {
      const res = await postGzip(`${t.baseUrl}/fhir/Patient/$match`, 'not.a.token', body);
      assert.equal(res.status, 401, label);
    }
    const plain = await request(t.baseUrl)
      .post('/api/records')
      .set('Content-Type', 'application/json')
      .send('{"records": [ broken');
    assert.equal(plain.status, 401);
  });

  it('refuses the bomb from an authenticated caller by its inflated size (413 on $match)', async () => {
    const res = await postGzip(`${t.baseUrl}/fhir/Patient/$match`, matcher, bomb);
    assert.equal(res.status, 413);
  });

  it('stops the JSON screen at its node cap: 1 million zeros in a batch are a 400', async () => {
    const zeros = `{"records":[${new Array<string>(1_000_000).fill('0').join(',')}]}`;
    const res = await postGzip(
      `${t.baseUrl}/api/records`,
      await t.token('ingest'),
      gzipSync(Buffer.from(zeros)),
    );
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { message: string }).message, /more than 200000 values/);
  });

  it('needs a Content-Length on a compressed body, and holds it to the route limit', async () => {
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        new URL('/fhir/Patient/$match', t.baseUrl),
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${matcher}`,
            'Content-Type': 'application/fhir+json',
            'Content-Encoding': 'gzip',
            'Transfer-Encoding': 'chunked',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(bomb);
    });
    assert.equal(chunked, 400);
  });

  it('gives each route its own limit: 300 KiB is too much for $match but fine for a batch', async () => {
    const padding = 'x'.repeat(190);
    const patient = { resourceType: 'Patient', name: [{ family: 'Okafor', given: [padding] }] };
    const big = {
      resourceType: 'Parameters',
      parameter: Array.from({ length: 1500 }, () => ({ name: 'resource', resource: patient })),
    };
    const res = await request(t.baseUrl)
      .post('/fhir/Patient/$match')
      .set('Authorization', `Bearer ${matcher}`)
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify(big));
    assert.equal(res.status, 413);
    const records = Array.from({ length: 1000 }, (_, i) => ({
      source: 'gate-clinic',
      source_id: `G-${i}`,
      given_name: 'Amara',
      family_name: `Okafor${padding.slice(0, 150)}`,
    }));
    const batch = await request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${await t.token('ingest')}`)
      .send({ records });
    assert.equal(batch.status, 200);
  });
});
