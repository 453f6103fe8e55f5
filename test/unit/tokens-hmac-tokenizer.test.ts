import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { blockKeyId } from '../../src/tokens/block-key-id';
import { createHmacTokenizer, createReferenceTokenizer } from '../../src/tokens/hmac-tokenizer';

const key = { id: 'k1', secret: Buffer.alloc(32, 9) };
const otherKey = { id: 'k2', secret: Buffer.alloc(32, 8) };

describe('createHmacTokenizer', () => {
  const fast = createHmacTokenizer(key);
  const slow = createReferenceTokenizer(key);

  it('equals the createHmac reference for any domain and value', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        (domain, value) => {
          assert.equal(fast.tokenize(domain, value), slow.tokenize(domain, value));
        },
      ),
      { numRuns: 2000 },
    );
    assert.equal(
      fast.tokenizeSourceId('clinic', 'MRN-1'),
      slow.tokenizeSourceId('clinic', 'MRN-1'),
    );
  });

  it('tokenId64 is the token read as a block key id, in both tokenizers', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.string({ unit: 'grapheme', maxLength: 120 }),
        (domain, value) => {
          const id = blockKeyId(slow.tokenize(domain, value));
          assert.equal(fast.tokenId64(domain, value), id);
          assert.equal(slow.tokenId64(domain, value), id);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is deterministic, 22 base64url characters, and names its key', () => {
    assert.equal(fast.keyId, 'k1');
    assert.equal(
      fast.tokenize('ssn', '219099998'),
      createHmacTokenizer(key).tokenize('ssn', '219099998'),
    );
    assert.match(fast.tokenize('ssn', '219099998'), /^[A-Za-z0-9_-]{22}$/);
  });

  it('separates domains and keys', () => {
    const value = '5551234567';
    const tokens = new Set([
      fast.tokenize('ssn', value),
      fast.tokenize('phone', value),
      fast.tokenize('other-id|medicaid', value),
      fast.tokenize('other-id|dl-ca', value),
      createHmacTokenizer(otherKey).tokenize('phone', value),
      fast.tokenizeSourceId('clinic-a', value),
      fast.tokenizeSourceId('clinic-b', value),
    ]);
    assert.equal(tokens.size, 7);
  });

  it('keeps working past the domain cache limit', () => {
    const first = fast.tokenize('other-id|0', 'x');
    for (let i = 0; i < 5000; i++) fast.tokenize(`other-id|${i}`, 'x');
    assert.equal(fast.tokenize('other-id|0', 'x'), first);
  });
});
