import { hkdfSync } from 'node:crypto';

/**
 * Data keys: an id and a secret. The id is stored beside every token and ciphertext made with
 * the key, so keys can rotate: one key is active (makes new tokens and ciphertexts), older ones
 * are kept to read what they made. Each use gets its own subkey by HKDF, so a token key is
 * never also an encryption key.
 */
export interface DataKey {
  readonly id: string;
  readonly secret: Buffer;
}

export interface Keyring {
  readonly active: DataKey;
  /** Every key, the active one first. */
  readonly keys: readonly DataKey[];
  /** The key of an id, or undefined when the id is not (any longer) configured. */
  find(id: string): DataKey | undefined;
}

export type KeyPurpose = 'identifier-token' | 'field-cipher';

export class KeyringError extends Error {}

/** Key ids go into stored strings (`keyId.iv.tag.ciphertext`), so no dots. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const MIN_SECRET_BYTES = 32;

/** @param activeId the key that makes new tokens; the first key when left out. */
export function createKeyring(keys: readonly DataKey[], activeId?: string): Keyring {
  const byId = new Map<string, DataKey>();
  for (const key of keys) {
    if (!KEY_ID_PATTERN.test(key.id))
      throw new KeyringError('keyring: key ids are 1-32 of A-Z a-z 0-9 _ -');
    if (key.secret.length < MIN_SECRET_BYTES) {
      throw new KeyringError(`keyring: key ${key.id} is shorter than ${MIN_SECRET_BYTES} bytes`);
    }
    if (byId.has(key.id)) throw new KeyringError(`keyring: key id ${key.id} appears twice`);
    byId.set(key.id, { id: key.id, secret: Buffer.from(key.secret) });
  }
  const active = byId.get(activeId ?? keys[0]?.id ?? '');
  if (active === undefined) throw new KeyringError('keyring: no active key');
  const ordered = Object.freeze([active, ...[...byId.values()].filter((key) => key !== active)]);
  return { active, keys: ordered, find: (id) => byId.get(id) };
}

/** A 32-byte subkey of a data key for one purpose (HKDF-SHA256, RFC 5869). */
export function deriveSubkey(key: DataKey, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', key.secret, Buffer.alloc(0), `mpi/${purpose}/v1`, 32));
}
