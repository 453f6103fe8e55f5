import { KeyedTokenizer, createHmacTokenizer } from './hmac-tokenizer';
import { Keyring } from './keyring';
import { TokenService } from './token.service';

/**
 * Reads during a key rotation: while records are still under a retired key, lookups compute
 * their keyed values under every configured key, so a record is found whichever key it sits
 * under. With one key configured these cost nothing extra.
 *
 * Must equal TokenService's block-key domain (test/unit/auth-key-rotation-lookup.test.ts
 * checks that the tokens agree).
 */
const BLOCK_KEY_DOMAIN = 'block-key';

const retiredByKeyring = new WeakMap<Keyring, KeyedTokenizer[]>();

/** Tokenizers of the keys that still read but no longer write. */
export function retiredTokenizers(keyring: Keyring): KeyedTokenizer[] {
  let tokenizers = retiredByKeyring.get(keyring);
  if (tokenizers === undefined) {
    tokenizers = keyring.keys
      .filter((key) => key !== keyring.active)
      .map((key) => createHmacTokenizer(key));
    retiredByKeyring.set(keyring, tokenizers);
  }
  return tokenizers;
}

/** Blocking keys as stored (block-key-id.ts) under the active key, then under each retired key. */
export function lookupBlockKeys(tokens: TokenService, keys: readonly string[]): string[] {
  const active = keys.map((key) => tokens.blockKey(key));
  const retired = retiredTokenizers(tokens.keyring);
  if (retired.length === 0) return active;
  return [
    ...active,
    ...retired.flatMap((t) => keys.map((key) => t.tokenId64(BLOCK_KEY_DOMAIN, key))),
  ];
}

/** The record key's token under each retired key: where a not yet rotated record is found. */
export function retiredSourceIdTokens(
  tokens: TokenService,
  source: string,
  sourceId: string,
): { keyId: string; token: string }[] {
  return retiredTokenizers(tokens.keyring).map((t) => ({
    keyId: t.keyId,
    token: t.tokenizeSourceId(source, sourceId),
  }));
}
