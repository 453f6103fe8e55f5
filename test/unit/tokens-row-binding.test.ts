import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldCipherError, createFieldCipher } from '../../src/tokens/field-cipher';
import { CIPHER_CONTEXT, TokenService } from '../../src/tokens/token.service';

/**
 * Finding 15 of the outside review: the AES-GCM associated data named the column, not the
 * row, so a database writer could swap two rows' encrypted MRNs and each would still open.
 */
const tokens = new TokenService({
  dataKeys: [{ id: 'k1', secret: Buffer.alloc(32, 7) }],
  jwtSecret: Buffer.alloc(32),
  auditKey: Buffer.alloc(32),
});

describe('field ciphertexts are bound to their row', () => {
  const rowA = tokens.sourceIdToken('st-mary', 'MRN-1');
  const rowB = tokens.sourceIdToken('st-mary', 'MRN-2');
  const sealedA = tokens.encrypt('MRN-1', CIPHER_CONTEXT.sourceId, rowA);

  it('opens in its own row', () => {
    assert.equal(tokens.decrypt(sealedA, CIPHER_CONTEXT.sourceId, rowA), 'MRN-1');
  });

  it('refuses to open when moved to another row, or another column', () => {
    assert.throws(() => tokens.decrypt(sealedA, CIPHER_CONTEXT.sourceId, rowB), FieldCipherError);
    assert.throws(
      () => tokens.decrypt(sealedA, CIPHER_CONTEXT.identifiers, rowA),
      FieldCipherError,
    );
  });

  it('still opens a value sealed before row binding (column only), until keys rotate', () => {
    // What the service wrote before: the column as the whole associated data.
    const old = createFieldCipher(tokens.keyring).encrypt('MRN-9', CIPHER_CONTEXT.sourceId);
    assert.equal(tokens.decrypt(old, CIPHER_CONTEXT.sourceId, rowB), 'MRN-9');
  });
});
