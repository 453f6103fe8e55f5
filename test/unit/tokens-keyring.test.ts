import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyringError, createKeyring, deriveSubkey } from '../../src/tokens/keyring';

const secret = (fill: number, bytes = 32): Buffer => Buffer.alloc(bytes, fill);

describe('createKeyring', () => {
  it('makes the first key active unless told otherwise, and finds every key', () => {
    const keys = [
      { id: 'k2', secret: secret(2) },
      { id: 'k1', secret: secret(1) },
    ];
    const ring = createKeyring(keys);
    assert.equal(ring.active.id, 'k2');
    assert.deepEqual(
      ring.keys.map((key) => key.id),
      ['k2', 'k1'],
    );
    assert.equal(ring.find('k1')?.secret[0], 1);
    assert.equal(ring.find('k9'), undefined);
    const rotated = createKeyring(keys, 'k1');
    assert.equal(rotated.active.id, 'k1');
    assert.deepEqual(
      rotated.keys.map((key) => key.id),
      ['k1', 'k2'],
    );
  });

  it('keeps its own copy of the secrets', () => {
    const buffer = secret(3);
    const ring = createKeyring([{ id: 'k', secret: buffer }]);
    buffer.fill(0);
    assert.equal(ring.active.secret[0], 3);
  });

  const bad: [string, Parameters<typeof createKeyring>][] = [
    ['no keys', [[]]],
    ['a short secret', [[{ id: 'k', secret: secret(1, 31) }]]],
    ['a dotted id', [[{ id: 'k.1', secret: secret(1) }]]],
    [
      'a repeated id',
      [
        [
          { id: 'k', secret: secret(1) },
          { id: 'k', secret: secret(2) },
        ],
      ],
    ],
    ['an unknown active id', [[{ id: 'k', secret: secret(1) }], 'other']],
  ];
  for (const [title, args] of bad) {
    it(`rejects ${title}`, () => assert.throws(() => createKeyring(...args), KeyringError));
  }

  it('derives distinct, stable 32-byte subkeys per purpose', () => {
    const key = { id: 'k', secret: secret(5) };
    const token = deriveSubkey(key, 'identifier-token');
    const cipher = deriveSubkey(key, 'field-cipher');
    assert.equal(token.length, 32);
    assert.notDeepEqual(token, cipher);
    assert.notDeepEqual(token, key.secret);
    assert.deepEqual(deriveSubkey(key, 'identifier-token'), token);
  });
});
