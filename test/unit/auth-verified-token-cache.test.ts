import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { permissionsOf } from '../../src/auth/permissions';
import { Principal } from '../../src/auth/principal';
import { VerifiedTokenCache } from '../../src/auth/verified-token-cache';

const principal = (subject: string): Principal => ({
  subject,
  client: null,
  roles: ['match'],
  permissions: permissionsOf(['match']),
});

describe('VerifiedTokenCache: a verified token is not verified again until it expires', () => {
  it('returns the principal of a token verified before, until its exp', () => {
    let now = 1_000_000;
    const cache = new VerifiedTokenCache(10, () => now);
    cache.put('t1', principal('alice'), 1_000 + 60);
    assert.equal(cache.get('t1')?.subject, 'alice');
    now = 1_059_999;
    assert.equal(cache.get('t1')?.subject, 'alice');
    now = 1_060_000;
    assert.equal(cache.get('t1'), null, 'an expired token must be verified (and refused) again');
    assert.equal(cache.size, 0);
  });

  it('never keeps a token without exp, or one already expired', () => {
    const cache = new VerifiedTokenCache(10, () => 5_000_000);
    cache.put('no-exp', principal('a'), undefined);
    cache.put('expired', principal('b'), 4_000);
    cache.put('nan', principal('c'), Number.NaN);
    assert.equal(cache.size, 0);
    assert.equal(cache.get('no-exp'), null);
  });

  it('holds at most its capacity, dropping the oldest token first', () => {
    const cache = new VerifiedTokenCache(2, () => 0);
    cache.put('a', principal('a'), 100);
    cache.put('b', principal('b'), 100);
    cache.put('c', principal('c'), 100);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('a'), null);
    assert.equal(cache.get('b')?.subject, 'b');
    assert.equal(cache.get('c')?.subject, 'c');
  });

  it('tells tokens apart by their whole text: a token with another signature is a miss', () => {
    const cache = new VerifiedTokenCache(10, () => 0);
    cache.put('header.payload.sig1', principal('a'), 100);
    assert.equal(cache.get('header.payload.sig2'), null);
  });
});
