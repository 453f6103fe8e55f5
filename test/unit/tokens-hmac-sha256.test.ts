import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import {
  hmacSha256,
  hmacSha256Int64,
  hmacSha256Token,
  precomputeHmacKey,
} from '../../src/tokens/hmac-sha256';

const reference = (key: Uint8Array, message: string): Buffer =>
  createHmac('sha256', key).update(message, 'utf8').digest();

describe('hmacSha256 (precomputed key states)', () => {
  it('matches RFC 4231 test case 2', () => {
    const state = precomputeHmacKey(Buffer.from('Jefe'));
    assert.equal(
      hmacSha256(state, 'what do ya want for nothing?').toString('hex'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('equals createHmac at every message length around the block edges', () => {
    const key = Buffer.alloc(32, 7);
    const state = precomputeHmacKey(key);
    for (let n = 0; n <= 200; n++) {
      const message = 'x'.repeat(n);
      assert.deepEqual(hmacSha256(state, message), reference(key, message), `length ${n}`);
    }
  });

  it('equals createHmac for ASCII and non-ASCII messages at every length up to three blocks', () => {
    const key = Buffer.alloc(32, 5);
    const state = precomputeHmacKey(key);
    for (let n = 0; n <= 200; n++) {
      const ascii = Array.from({ length: n }, (_, i) => String.fromCharCode(32 + ((i * 7) % 95)));
      const message = ascii.join('');
      assert.deepEqual(hmacSha256(state, message), reference(key, message), `ascii ${n}`);
      const accented = message.slice(0, Math.max(0, n - 1)) + 'é';
      assert.deepEqual(hmacSha256(state, accented), reference(key, accented), `utf-8 ${n}`);
    }
  });

  it('equals createHmac for random keys and Unicode messages', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 100 }),
        fc.string({ unit: 'binary', maxLength: 90 }),
        (key, message) => {
          const state = precomputeHmacKey(key);
          assert.deepEqual(hmacSha256(state, message), reference(key, message));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('tokens are the first 128 bits, base64url', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.string({ maxLength: 60 }),
        (key, message) => {
          const token = hmacSha256Token(precomputeHmacKey(key), message);
          assert.equal(token, reference(key, message).toString('base64url', 0, 16));
          assert.match(token, /^[A-Za-z0-9_-]{22}$/);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('hmacSha256Int64 is the first 64 bits, signed, in decimal', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.string({ maxLength: 150 }),
        (key, message) => {
          const id = hmacSha256Int64(precomputeHmacKey(key), message);
          assert.equal(id, reference(key, message).readBigInt64BE(0).toString());
        },
      ),
      { numRuns: 3000 },
    );
  });
});
