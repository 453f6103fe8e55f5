import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FieldCipherError, createFieldCipher, sealedKeyId } from '../../src/tokens/field-cipher';
import { createKeyring } from '../../src/tokens/keyring';

const k1 = { id: 'k1', secret: Buffer.alloc(32, 1) };
const k2 = { id: 'k2', secret: Buffer.alloc(32, 2) };

describe('createFieldCipher', () => {
  const cipher = createFieldCipher(createKeyring([k1]));

  it('round-trips any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.string({ maxLength: 10 }),
        (text, context) => {
          assert.equal(cipher.decrypt(cipher.encrypt(text, context), context), text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('writes keyId.iv.tag.ciphertext with a fresh iv each time', () => {
    const a = cipher.encrypt('MRN-1');
    const b = cipher.encrypt('MRN-1');
    assert.match(a, /^k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    assert.notEqual(a, b);
    assert.ok(!a.includes('MRN'));
    assert.equal(sealedKeyId(a), 'k1');
    assert.equal(sealedKeyId('nonsense'), null);
  });

  it('never repeats an iv, across several refills of its random pool', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 3000; i++) ivs.add(cipher.encrypt('x').split('.')[1] ?? '');
    assert.equal(ivs.size, 3000);
  });

  it('reads values of a retired key after rotation, and writes with the new one', () => {
    const old = cipher.encrypt('219099998');
    const rotated = createFieldCipher(createKeyring([k2, k1]));
    assert.equal(rotated.decrypt(old), '219099998');
    assert.equal(sealedKeyId(rotated.encrypt('x')), 'k2');
    assert.equal(rotated.activeKeyId, 'k2');
  });

  it('refuses altered values, another context, unknown keys and garbage', () => {
    const sealed = cipher.encrypt('secret', 'ssn');
    const [id, iv, tag, body] = sealed.split('.') as [string, string, string, string];
    const flipped = body.startsWith('A') ? `B${body.slice(1)}` : `A${body.slice(1)}`;
    assert.throws(() => cipher.decrypt([id, iv, tag, flipped].join('.'), 'ssn'), FieldCipherError);
    assert.throws(() => cipher.decrypt(sealed, 'phone'), FieldCipherError);
    assert.throws(
      () => createFieldCipher(createKeyring([k2])).decrypt(sealed, 'ssn'),
      FieldCipherError,
    );
    assert.throws(() => cipher.decrypt('k1.abc'), FieldCipherError);
  });
});
