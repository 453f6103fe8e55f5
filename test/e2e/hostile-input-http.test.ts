import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { Client } from 'pg';
import request from 'supertest';
import { TestApp, startTestApp } from '../support/test-app';
import {
  BROKEN_ENCODINGS,
  deeplyNested,
  encode,
  hostilePatient,
  hostileQuery,
  hostileRecord,
  hostileString,
  hostileValue,
  report,
  tally,
} from './hostile-input-arbitraries';
import { ID_ROUTES, SEARCHES } from './hostile-input-routes';

const RUNS = Number(process.env.MPI_HOSTILE_RUNS ?? '40');
const MARKER = 'ZQXJ';

describe('hostile input at every route: 4xx with a reason, never 5xx, nothing half-stored', () => {
  let t: TestApp;
  let db: Client;
  let token: string;

  before(async () => {
    t = await startTestApp('hostile_http', { MPI_RATE_LIMIT: '0' });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    token = await t.token('admin');
  });
  after(async () => {
    console.log(report('hostile input (HTTP)'));
    await db.end();
    await t.close();
  });

  const stored = async (): Promise<number> =>
    (await db.query(`select count(*)::int as n from source_record`)).rows[0].n as number;

  /** The invariants of every answer: no 5xx; a 4xx explains itself and echoes nothing. */
  function checkAnswer(res: request.Response, path: string, sent: string): void {
    assert.ok(res.status < 500, `${res.status} on ${path}: ${res.text.slice(0, 300)}`);
    if (res.status < 400) return;
    // Node itself refuses an over-long request line or headers (414/431) before the app sees it.
    if ((res.status === 414 || res.status === 431) && res.text === '')
      return tally(`refused-by-node:${res.status}`);
    const body = JSON.parse(res.text) as Record<string, unknown>;
    if (path.startsWith('/fhir'))
      assert.equal(body.resourceType, 'OperationOutcome', `${path}: ${res.text.slice(0, 200)}`);
    else assert.equal(typeof body.message, 'string', `${path}: ${res.text.slice(0, 200)}`);
    for (const piece of sent.match(new RegExp(`${MARKER}[^"\\\\]{0,12}`, 'g')) ?? []) {
      assert.equal(res.text.includes(piece), false, `${path} echoed a submitted value`);
    }
  }

  const send = (method: string, path: string, body?: string, type = 'application/json') => {
    let req = (request(t.baseUrl) as unknown as Record<string, (p: string) => request.Test>)[
      method
    ]!(path).set('Authorization', `Bearer ${token}`);
    if (body !== undefined) req = req.set('Content-Type', type).send(body);
    return req;
  };

  it('POST /api/records: hostile records and batches; stored = created, rejected never stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileRecord, { minLength: 1, maxLength: 5 }), async (records) => {
        tally('route:/api/records');
        const marked = records.map((r) => ({
          ...r,
          given_name: `${MARKER}${typeof r.given_name === 'string' ? r.given_name.slice(0, 50) : ''}`,
        }));
        const body = JSON.stringify({ records: marked });
        const before = await stored();
        const res = await send('post', '/api/records', body);
        checkAnswer(res, '/api/records', body);
        const created =
          res.status === 200
            ? (res.body.outcomes as { status: string }[]).filter((o) => o.status === 'created')
                .length
            : 0;
        assert.equal(
          (await stored()) - before,
          created,
          'records stored that the answer does not report as created',
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('FHIR Patient create, update and $match with malformed resources: OperationOutcome, nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostilePatient,
        fc.constantFrom('post', 'put', 'match'),
        async (patient, how) => {
          tally(`route:fhir-${how}`);
          const resource = JSON.stringify(patient) ?? 'null';
          const body =
            how === 'match'
              ? JSON.stringify({
                  resourceType: 'Parameters',
                  parameter: [{ name: 'resource', resource: patient }],
                })
              : resource;
          const path =
            how === 'post'
              ? '/fhir/Patient'
              : how === 'put'
                ? `/fhir/Patient/${MARKER}x`
                : '/fhir/Patient/$match';
          const before = await stored();
          const res = await send(
            how === 'put' ? 'put' : 'post',
            path,
            body,
            'application/fhir+json',
          );
          checkAnswer(res, path, body);
          if (res.status >= 400 || how === 'match')
            assert.equal(await stored(), before, 'a refused Patient was stored');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('POST /api/compare and steward actions with wrong-type and hostile bodies', async () => {
    const paths = [
      '/api/compare',
      ...ID_ROUTES.filter(([m]) => m === 'post').map(([, p]) =>
        p.replace(':id', '00000000-0000-4000-8000-000000000000'),
      ),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.dictionary(
          fc.constantFrom(
            'a',
            'b',
            'into',
            'personId',
            'field',
            'value',
            'reason',
            'decision',
            'assignee',
            'x',
          ),
          hostileValue,
          { maxKeys: 4 },
        ),
        async (path, body) => {
          tally(`route:${path.replace(/[0-9a-f-]{36}/, ':id')}`);
          const text = JSON.stringify(body);
          checkAnswer(await send('post', path, text), path, text);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('path ids: hostile, broken percent-encodings and oversized, on every route with an id', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ID_ROUTES),
        fc.oneof(hostileString.map(encode), fc.constantFrom(...BROKEN_ENCODINGS)),
        async ([method, route], id) => {
          tally(`route:${route}`);
          const path = route.replace(':id', id.slice(0, 4000) || 'x');
          const res = await send(
            method,
            path,
            method === 'get' ? undefined : '{}',
            method === 'put' ? 'application/fhir+json' : 'application/json',
          );
          checkAnswer(res, route, '');
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('query strings on every search route', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...SEARCHES)
          .chain(([path, names]) => fc.tuple(fc.constant(path), hostileQuery(names))),
        async ([path, query]) => {
          tally(`route:${path.startsWith('/api/persons') ? '/api/persons/:id/as-of' : path}`);
          checkAnswer(await send('get', `${path}?${query}`), path, '');
        },
      ),
      { numRuns: RUNS * 3 },
    );
  });

  it('raw bodies: malformed JSON, wrong content types, deep nesting, oversized, binary', async () => {
    const raw = fc.oneof(
      fc.string({ maxLength: 200, unit: 'binary' }).map((s) => (tally('raw:random-text'), s)),
      fc
        .constantFrom(
          '{',
          '{"records": [',
          '[]',
          'null',
          '"records"',
          '{"records": {}}',
          '{"records": null}',
          '\u0000\u0001',
          '{"a":1,"a":2}',
        )
        .map((s) => (tally('raw:malformed-json'), s)),
      fc.integer({ min: 100, max: 20_000 }).map((d) => deeplyNested(d)),
      fc
        .constant(
          `{"records":[{"source":"s","source_id":"x","given_name":"${'Ω'.repeat(3_000_000)}"}]}`,
        )
        .map((s) => (tally('raw:oversized-body'), s)),
    );
    const targets = [
      '/api/records',
      '/api/compare',
      '/fhir/Patient',
      '/fhir/Patient/$match',
      '/api/reviews/00000000-0000-4000-8000-000000000000/decision',
    ];
    const types = [
      'application/json',
      'application/fhir+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'multipart/form-data; boundary=x',
    ];
    await fc.assert(
      fc.asyncProperty(
        raw,
        fc.constantFrom(...targets),
        fc.constantFrom(...types),
        async (body, path, type) => {
          tally(`route:${path.replace(/[0-9a-f-]{36}/, ':id')}`);
          const before = await stored();
          checkAnswer(await send('post', path, body, type), path, '');
          assert.equal(await stored(), before);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('hostile headers and tokens: 401 with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileString,
        fc.constantFrom(
          'Bearer ',
          'bearer ',
          'Basic ',
          '',
          'Bearer x.',
          'Bearer eyJhbGciOiJub25lIn0.',
        ),
        async (value, prefix) => {
          tally('header:authorization');
          const header = `${prefix}${encode(value).slice(0, 8000)}`;
          const res = await request(t.baseUrl)
            .get('/fhir/Patient?family=x')
            .set('Authorization', header)
            .set('X-Purpose-Of-Use', encode(value).slice(0, 500))
            .set('X-Request-Id', encode(value).slice(0, 500));
          assert.equal(res.status, 401);
          checkAnswer(res, '/fhir/Patient', '');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('still answers afterwards, and the audit chain is intact', async () => {
    await request(t.baseUrl).get('/health').expect(200);
    const res = await send(
      'post',
      '/api/records',
      JSON.stringify({
        records: [{ source: 'after', source_id: '1', given_name: 'Ada', family_name: 'Lovelace' }],
      }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.outcomes[0].status, 'created');
  });
});
