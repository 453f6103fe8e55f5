import assert from 'node:assert/strict';
import { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { describe, it } from 'node:test';
import pino from 'pino';
import {
  baseLoggerOptions,
  createLogger,
  redactLogObject,
  requestSummary,
  routeProps,
} from '../../src/telemetry/log-options';
import {
  correlationIdFrom,
  currentContext,
  newRequestContext,
  purposeFrom,
  runWithContext,
} from '../../src/telemetry/request-context';
import { logRequests } from '../../src/telemetry/request-log.middleware';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('request context', () => {
  it('takes a safe X-Request-Id, replaces anything else with a UUID', () => {
    assert.equal(correlationIdFrom('abc-123:x.y_z'), 'abc-123:x.y_z');
    for (const bad of [
      '',
      'a b',
      '<script>',
      'x'.repeat(129),
      ['a', 'b'],
      undefined,
      'line\nbreak',
    ]) {
      assert.match(correlationIdFrom(bad), /^[0-9a-f-]{36}$/);
    }
  });

  it('takes a purpose-of-use code, upper-cased, or none', () => {
    assert.equal(purposeFrom('treat'), 'TREAT');
    assert.equal(purposeFrom('HPAYMT'), 'HPAYMT');
    assert.equal(purposeFrom("TREAT'; drop"), null);
    assert.equal(purposeFrom(undefined), null);
  });

  it('is found through async calls inside the request, and not outside it', async () => {
    const context = newRequestContext({ 'x-request-id': 'req-7', 'x-purpose-of-use': 'ETREAT' });
    await runWithContext(context, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      assert.equal(currentContext()?.correlationId, 'req-7');
      assert.equal(currentContext()?.purposeOfUse, 'ETREAT');
    });
    assert.equal(currentContext(), undefined);
  });
});

describe('log options', () => {
  it('puts the correlation id on every line and redacts patient fields and credentials', () => {
    const { lines, stream } = capture();
    const logger = pino(baseLoggerOptions({ level: 'info', file: null }), stream);
    runWithContext(newRequestContext({ 'x-request-id': 'req-42' }), () => {
      logger.info(
        {
          given_name: 'Xanthe',
          record: { birth_date: '1961-08-27', ssn: '531-72-4419', recordId: 'r1' },
        },
        'oops',
      );
      logger.info({ req: { headers: { authorization: 'Bearer secret-token' } } }, 'headers');
    });
    const text = lines.join('');
    for (const secret of ['Xanthe', '1961-08-27', '531-72-4419', 'secret-token'])
      assert.equal(text.includes(secret), false, secret);
    assert.ok(text.includes('r1'), 'ids are kept');
    for (const line of lines)
      assert.equal((JSON.parse(line) as { correlationId?: string }).correlationId, 'req-42');
  });

  it('redacts the bindings of child loggers (each request binds its own) as it redacts lines', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info', file: null }, stream);
    const child = logger.child({
      family_name: 'Quarrington',
      req: { headers: { cookie: 'c=s3' } },
    });
    child.child({ scope: { ssn: '531-72-4419' }, reqId: 'r-7' }).info('bound');
    const text = lines.join('');
    for (const secret of ['Quarrington', 's3', '531-72-4419'])
      assert.equal(text.includes(secret), false, secret);
    assert.ok(text.includes('r-7'), 'ids are kept');
  });

  it('copies what it censors and leaves the logged object as it was', () => {
    const headers = { authorization: 'Bearer t', host: 'h' };
    const logged = { request: { headers }, recordId: 'r1' };
    const redacted = redactLogObject(logged);
    assert.deepEqual(redacted, {
      request: { headers: { authorization: '[redacted]', host: 'h' } },
      recordId: 'r1',
    });
    assert.equal(headers.authorization, 'Bearer t');
    const clean = { recordId: 'r1', outcome: 'ok' };
    assert.equal(redactLogObject(clean), clean, 'nothing to censor: no copy');
  });

  it('summarises a request by method and route pattern, never its URL', () => {
    const request = {
      method: 'GET',
      url: '/fhir/Patient/Quarrington?birthdate=1961-08-27',
      id: 'r',
    } as unknown as IncomingMessage;
    assert.deepEqual(requestSummary(request), { method: 'GET' });
    const finished = { writableEnded: true, headersSent: true } as unknown as ServerResponse;
    assert.deepEqual(routeProps(request, finished), { route: '/fhir/[unrouted]', withQuery: true });
    assert.deepEqual(
      routeProps(request, {
        writableEnded: false,
        headersSent: false,
      } as unknown as ServerResponse),
      {},
    );
  });
});

describe('request lines', () => {
  it('writes one line a request: id, method, route, status and time, never the URL', async () => {
    const { lines, stream } = capture();
    const app = express();
    app.use((request, _response, next) => {
      (request as { id?: string }).id = 'req-9';
      runWithContext(newRequestContext({ 'x-request-id': 'req-9' }), next);
    });
    app.use(logRequests(createLogger({ level: 'info', file: null }, stream)));
    app.get('/ok', (_request, response) => {
      response.json({});
    });
    app.get('/broken', (_request, response) => {
      response.status(503).json({});
    });
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await (await fetch(`${base}/ok?family=Quarrington`)).arrayBuffer();
      await (await fetch(`${base}/broken`)).arrayBuffer();
    } finally {
      server.close();
    }
    const [ok, broken] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.equal(lines.join('').includes('Quarrington'), false);
    assert.deepEqual(
      { ...ok, time: undefined, responseTime: undefined },
      {
        level: 30,
        time: undefined,
        service: 'mpi',
        correlationId: 'req-9',
        req: { method: 'GET' },
        route: '/ok/[unrouted]',
        withQuery: true,
        res: { statusCode: 200 },
        responseTime: undefined,
        msg: 'request completed',
      },
    );
    assert.equal(typeof ok?.responseTime, 'number');
    assert.equal(broken?.level, 50);
    assert.equal(broken?.msg, 'request errored');
    assert.deepEqual(broken?.err, { type: 'Error' });
  });
});
