import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { headersOf, securityHeaders } from '../../src/auth/http-transport';
import { middlewareChain } from '../../src/common/middleware-chain';

/** A response that records the headers set and removed on it, in order. */
function recordingResponse(): { response: Response; calls: string[] } {
  const calls: string[] = [];
  const response = {
    setHeader: (name: string, value: string) => calls.push(`set ${name}: ${value}`),
    removeHeader: (name: string) => calls.push(`remove ${name}`),
  };
  return { response: response as unknown as Response, calls };
}

function run(handler: RequestHandler, response: Response): unknown[] {
  const nexts: unknown[] = [];
  void handler({} as Request, response, (error?: unknown) => nexts.push(error));
  return nexts;
}

describe('middlewareChain', () => {
  it('runs its middlewares in order, then goes on once', () => {
    const order: string[] = [];
    const step =
      (name: string): RequestHandler =>
      (_request, _response, next) => {
        order.push(name);
        next();
      };
    const nexts = run(middlewareChain(step('a'), step('b'), step('c')), {} as Response);
    assert.deepEqual(order, ['a', 'b', 'c']);
    assert.deepEqual(nexts, [undefined]);
  });

  it('passes the first error (or throw) on and skips the rest, as separate layers would', () => {
    const failure = new Error('refused');
    const after: string[] = [];
    const later: RequestHandler = (_request, _response, next) => {
      after.push('later');
      next();
    };
    const refuse: RequestHandler = (_request, _response, next: NextFunction) => next(failure);
    assert.deepEqual(run(middlewareChain(refuse, later), {} as Response), [failure]);
    const thrower: RequestHandler = () => {
      throw failure;
    };
    assert.deepEqual(run(middlewareChain(thrower, later), {} as Response), [failure]);
    assert.deepEqual(after, []);
  });

  it('goes on when a middleware calls next later (a body parser)', async () => {
    const parsed: RequestHandler = (_request, _response, next) => {
      setImmediate(() => next());
    };
    const nexts: unknown[] = [];
    middlewareChain(parsed)({} as Request, {} as Response, (error?: unknown) => nexts.push(error));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(nexts, [undefined]);
  });
});

describe('securityHeaders', () => {
  it('sets the headers helmet sets, in the same order, and removes X-Powered-By', () => {
    const options = {
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } },
      referrerPolicy: { policy: 'no-referrer' as const },
    };
    const direct = recordingResponse();
    run(helmet(options), direct.response);
    const captured = recordingResponse();
    for (const [name, value] of headersOf(helmet(options)))
      captured.response.setHeader(name, value);
    assert.deepEqual(
      captured.calls,
      direct.calls.filter((call) => call.startsWith('set ')),
    );

    const served = recordingResponse();
    assert.deepEqual(run(securityHeaders(), served.response), [undefined]);
    assert.ok(
      served.calls.some((call) =>
        call.startsWith("set Content-Security-Policy: default-src 'self'"),
      ),
    );
    assert.ok(
      served.calls.includes('set Strict-Transport-Security: max-age=31536000; includeSubDomains'),
    );
    assert.equal(served.calls.at(-1), 'remove X-Powered-By');
  });

  it('refuses, at startup, a middleware whose headers are not the same on every response', () => {
    const perRequest = helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: [
            "'self'",
            (_request, response) => `'nonce-${String((response as Response).locals)}'`,
          ],
        },
      },
    });
    assert.throws(() => headersOf(perRequest), /not static/);
    const later: RequestHandler = (_request, _response, next) => setImmediate(() => next());
    assert.throws(() => headersOf(later), /did not answer at once/);
  });
});
