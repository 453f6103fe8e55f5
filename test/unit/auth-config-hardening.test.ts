import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { Request, Response } from 'express';
import {
  corsOptions,
  responseDeadline,
  screenJson,
  tlsOptions,
} from '../../src/auth/http-transport';
import { loadAuthSettings, loadRateLimit } from '../../src/config/auth-section';
import { loadCorsSettings, loadTlsSettings } from '../../src/config/transport-sections';
import { MpiError } from '../../src/common/mpi-error';

describe('loadAuthSettings', () => {
  it('keeps development tokens on for the embedded quick start only: off with an issuer or DATABASE_URL unless asked', () => {
    assert.deepEqual(loadAuthSettings({}), { oidc: null, devTokens: true });
    assert.equal(loadAuthSettings({ MPI_DEV_TOKENS: 'false' }).devTokens, false);
    const shared = { DATABASE_URL: 'postgres://mpi@db.example/mpi' };
    assert.deepEqual(loadAuthSettings(shared), { oidc: null, devTokens: false });
    assert.equal(loadAuthSettings({ ...shared, MPI_DEV_TOKENS: 'true' }).devTokens, true);
    const oidc = loadAuthSettings({
      MPI_OIDC_ISSUER: 'https://idp.example/realms/x',
      MPI_AUDIENCE: 'mpi',
    });
    assert.equal(oidc.devTokens, false);
    assert.deepEqual(oidc.oidc?.algorithms, ['RS256', 'ES256', 'PS256']);
    assert.equal(oidc.oidc?.jwksUrl, null);
    assert.equal(
      loadAuthSettings({
        MPI_OIDC_ISSUER: 'https://idp.example',
        MPI_AUDIENCE: 'mpi',
        MPI_DEV_TOKENS: 'true',
      }).devTokens,
      true,
    );
  });

  it('fails at boot on settings that would weaken verification', () => {
    const base = { MPI_OIDC_ISSUER: 'https://idp.example', MPI_AUDIENCE: 'mpi' };
    assert.throws(
      () => loadAuthSettings({ MPI_OIDC_ISSUER: 'https://idp.example' }),
      /MPI_AUDIENCE/,
    );
    assert.throws(
      () => loadAuthSettings({ ...base, MPI_OIDC_ALGORITHMS: 'RS256,HS256' }),
      /MPI_OIDC_ALGORITHMS/,
    );
    assert.throws(
      () => loadAuthSettings({ ...base, MPI_OIDC_ALGORITHMS: 'none' }),
      /MPI_OIDC_ALGORITHMS/,
    );
    assert.throws(
      () => loadAuthSettings({ ...base, MPI_JWKS_URL: 'http://idp.example/jwks' }),
      /https/,
    );
    assert.throws(
      () => loadAuthSettings({ MPI_OIDC_ISSUER: 'http://idp.example', MPI_AUDIENCE: 'mpi' }),
      /https/,
    );
    assert.throws(() => loadAuthSettings({ ...base, MPI_DEV_TOKENS: 'yes' }), /MPI_DEV_TOKENS/);
    assert.equal(loadAuthSettings(base).oidc?.requireAccessTokenType, true);
    assert.equal(
      loadAuthSettings({ ...base, MPI_OIDC_REQUIRE_AT_JWT: 'false' }).oidc?.requireAccessTokenType,
      false,
    );
    assert.throws(
      () => loadAuthSettings({ ...base, MPI_OIDC_REQUIRE_AT_JWT: 'no' }),
      /MPI_OIDC_REQUIRE_AT_JWT/,
    );
    assert.doesNotThrow(() =>
      loadAuthSettings({ MPI_OIDC_ISSUER: 'http://127.0.0.1:9999', MPI_AUDIENCE: 'mpi' }),
    );
  });
});

describe('transport hardening settings', () => {
  it('leaves CORS off unless origins are listed, and checks them', () => {
    assert.equal(corsOptions(loadCorsSettings({})), null);
    assert.deepEqual(
      corsOptions(
        loadCorsSettings({ MPI_CORS_ORIGINS: 'https://a.example, https://b.example:8443' }),
      )?.origin,
      ['https://a.example', 'https://b.example:8443'],
    );
    assert.throws(() => loadCorsSettings({ MPI_CORS_ORIGINS: '*' }), /MPI_CORS_ORIGINS/);
  });

  it('wants certificate and key together, and a client CA only with them', () => {
    assert.equal(tlsOptions(loadTlsSettings({})), undefined);
    assert.throws(() => loadTlsSettings({ MPI_TLS_CERT: '/x.crt' }), /together/);
    assert.throws(() => loadTlsSettings({ MPI_TLS_CLIENT_CA: '/ca.crt' }), /needs/);
  });

  it('reads the rate limit, 0 meaning off', () => {
    assert.deepEqual(loadRateLimit({}), { limit: 6000, windowMs: 60_000 });
    assert.deepEqual(loadRateLimit({ MPI_RATE_LIMIT: '0' }), { limit: 0, windowMs: 60_000 });
    assert.throws(() => loadRateLimit({ MPI_RATE_LIMIT: '-1' }));
  });
});

describe('screenJson', () => {
  it('measures depth without recursion, even 100 000 deep', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.match(screenJson(deep, { maxDepth: 40, maxNodes: 1000 }) ?? '', /deeper than 40/);
    assert.equal(screenJson({ a: [{ b: [1] }] }, { maxDepth: 4, maxNodes: 1000 }), null);
    assert.match(
      screenJson({ a: [{ b: [[1]] }] }, { maxDepth: 4, maxNodes: 1000 }) ?? '',
      /deeper than 4/,
    );
  });

  it('refuses NUL and unpaired surrogates in values and keys, passes ordinary Unicode', () => {
    assert.match(screenJson({ a: 'x\u0000y' }, { maxDepth: 40, maxNodes: 1000 }) ?? '', /NUL/);
    assert.match(screenJson({ ['k\u0000']: 1 }, { maxDepth: 40, maxNodes: 1000 }) ?? '', /NUL/);
    assert.match(screenJson(['\uD800'], { maxDepth: 40, maxNodes: 1000 }) ?? '', /Unicode/);
    assert.equal(
      screenJson({ name: 'Zoë 👨‍👩‍👧 İstanbul', n: [1, null, true] }, { maxDepth: 40, maxNodes: 1000 }),
      null,
    );
  });

  it('stops at the node cap, walking arrays by index: 2.6 million zeros cost a bounded walk', () => {
    // Count the elements the walk reads: it must stop near the cap, not visit all 2.6 million.
    let reads = 0;
    const zeros = new Proxy(new Array<number>(2_600_000).fill(0), {
      get(target, key, receiver): unknown {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    assert.match(
      screenJson(zeros, { maxDepth: 40, maxNodes: 200_000 }) ?? '',
      /more than 200000 values/,
    );
    assert.ok(reads <= 200_001, `read ${reads} elements`);
    assert.equal(screenJson({ a: [1, 2], b: 'x' }, { maxDepth: 40, maxNodes: 7 }), null);
    assert.match(
      screenJson({ a: [1, 2, 3], b: 'x' }, { maxDepth: 40, maxNodes: 7 }) ?? '',
      /more than 7/,
    );
  });
});

describe('responseDeadline', () => {
  it('answers 503 when the handler has not answered in time, and not after it has', async () => {
    const fired: MpiError[] = [];
    const handler = responseDeadline(20, (error) => fired.push(error));
    const slow = Object.assign(new EventEmitter(), { headersSent: false }) as unknown as Response;
    handler({} as Request, slow, () => undefined);
    const fast = Object.assign(new EventEmitter(), { headersSent: false }) as unknown as Response;
    handler({} as Request, fast, () => undefined);
    (fast as unknown as EventEmitter).emit('finish');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(fired.length, 1);
    assert.equal(fired[0]?.code, 'timeout');
  });
});
