import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DataKey, Keyring, deriveSubkey } from './keyring';

/**
 * Field encryption for the raw values the MPI must be able to give back (MRNs, identifiers):
 * AES-256-GCM under the active data key's cipher subkey, stored as one compact string
 *
 *     keyId.iv.tag.ciphertext        (iv 12 bytes, tag 16 bytes, all base64url)
 *
 * so a value names the key that can open it and keys can rotate. An optional context (e.g. the
 * column name) is bound as associated data: a ciphertext moved to another column fails to
 * open instead of being read as the wrong field.
 */
export interface FieldCipher {
  readonly activeKeyId: string;
  encrypt(plaintext: string, context?: string): string;
  /** Throws FieldCipherError when the key is unknown or the value was altered. */
  decrypt(sealed: string, context?: string): string;
}

export class FieldCipherError extends Error {}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED =
  /^([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]*)$/;

/**
 * IVs cut from a pool of CSPRNG bytes: one `randomBytes` call per 12-byte IV cost more than the
 * encryption itself. Each IV is a fresh slice, never reused; GCM needs uniqueness per key.
 */
const IV_POOL_BYTES = IV_BYTES * 512;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;

function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

export function createFieldCipher(keyring: Keyring): FieldCipher {
  const subkeys = new Map<string, Buffer>();
  const subkeyOf = (key: DataKey): Buffer => {
    let subkey = subkeys.get(key.id);
    if (subkey === undefined) {
      subkey = deriveSubkey(key, 'field-cipher');
      subkeys.set(key.id, subkey);
    }
    return subkey;
  };
  return {
    activeKeyId: keyring.active.id,
    encrypt: (plaintext, context = '') => {
      const iv = nextIv();
      const cipher = createCipheriv(ALGORITHM, subkeyOf(keyring.active), iv, {
        authTagLength: TAG_BYTES,
      });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      // GCM is a stream cipher: final() adds no bytes, so update's output is the whole body
      // (no Buffer.concat for each of a bulk load's two ciphertexts a record).
      const body = cipher.update(plaintext, 'utf8');
      cipher.final();
      const tag = cipher.getAuthTag();
      return `${keyring.active.id}.${iv.toString('base64url')}.${tag.toString('base64url')}.${body.toString('base64url')}`;
    },
    decrypt: (sealed, context = '') => {
      const parts = SEALED.exec(sealed);
      if (parts === null) throw new FieldCipherError('field cipher: not a sealed value');
      const [, keyId = '', iv = '', tag = '', body = ''] = parts;
      const key = keyring.find(keyId);
      if (key === undefined)
        throw new FieldCipherError(`field cipher: key ${keyId} is not configured`);
      const decipher = createDecipheriv(ALGORITHM, subkeyOf(key), Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([
          decipher.update(Buffer.from(body, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new FieldCipherError(
          'field cipher: value failed authentication (altered, or wrong context)',
        );
      }
    },
  };
}

/** The key id a sealed value was made with (to find values still under a retired key). */
export function sealedKeyId(sealed: string): string | null {
  const dot = sealed.indexOf('.');
  return dot > 0 ? sealed.slice(0, dot) : null;
}
