import { createHmac } from 'node:crypto';
import { VARIANT_TOKEN_CHARS } from '../matching/features/identifier-tokens';
import { Tokenizer } from '../matching/record-types';
import { blockKeyId } from './block-key-id';
import { HmacKeyState, hmacSha256Int64, hmacSha256Token, precomputeHmacKey } from './hmac-sha256';
import { DataKey, deriveSubkey } from './keyring';

/**
 * Identifier tokens: the first 128 bits of HMAC-SHA256 under a per-domain key, base64url.
 * The domain (`ssn`, `phone`, `other-id|<system>`, ...) selects the key, derived from the data
 * key's token subkey, so equal values of different kinds never share a token and a token
 * cannot be replayed as another kind. 128 bits keep collisions out of reach for any number of
 * records while halving the stored size of a full digest.
 */
export interface KeyedTokenizer {
  /** Id of the data key; store it beside the tokens. */
  readonly keyId: string;
  /** The engine's Tokenizer, injected into buildFeatures. */
  readonly tokenize: Tokenizer;
  /** Token of a record key: the MRN under its source system, never stored in clear. */
  tokenizeSourceId(source: string, sourceId: string): string;
  /** The token's first 64 bits as block-key-id.ts reads them: `blockKeyId(tokenize(...))`. */
  tokenId64(domain: string, value: string): string;
}

export const TOKEN_BYTES = 16;
/** Input of the per-domain key; the NUL keeps a domain from being a prefix of another's input. */
const DOMAIN_LABEL = 'mpi-token-domain\u0000';
/** Domains come partly from data (identifier systems, sources), so the cache is bounded. */
const DOMAIN_CACHE_LIMIT = 4096;

export function sourceIdDomain(source: string): string {
  return `source-id|${source}`;
}

/** The fast tokenizer (precomputed HMAC key states); equal to the reference tokenizer. */
export function createHmacTokenizer(key: DataKey): KeyedTokenizer {
  const tokenKey = deriveSubkey(key, 'identifier-token');
  const states = new Map<string, HmacKeyState>();
  const stateOf = (domain: string): HmacKeyState => {
    let state = states.get(domain);
    if (state === undefined) {
      if (states.size >= DOMAIN_CACHE_LIMIT) states.clear();
      state = precomputeHmacKey(domainKey(tokenKey, domain));
      states.set(domain, state);
    }
    return state;
  };
  const tokenize: Tokenizer = Object.assign(
    (domain: string, value: string) => hmacSha256Token(stateOf(domain), value),
    { variantChars: VARIANT_TOKEN_CHARS },
  );
  return {
    ...withSourceIds(key.id, tokenize),
    tokenId64: (domain, value) => hmacSha256Int64(stateOf(domain), value),
  };
}

/** The same tokens through node's createHmac: slow, obviously right; tests compare the two. */
export function createReferenceTokenizer(key: DataKey): KeyedTokenizer {
  const tokenKey = deriveSubkey(key, 'identifier-token');
  const tokenize: Tokenizer = Object.assign(
    (domain: string, value: string) =>
      createHmac('sha256', domainKey(tokenKey, domain))
        .update(value, 'utf8')
        .digest()
        .toString('base64url', 0, TOKEN_BYTES),
    { variantChars: VARIANT_TOKEN_CHARS },
  );
  return {
    ...withSourceIds(key.id, tokenize),
    tokenId64: (domain, value) => blockKeyId(tokenize(domain, value)),
  };
}

function domainKey(tokenKey: Buffer, domain: string): Buffer {
  return createHmac('sha256', tokenKey)
    .update(DOMAIN_LABEL + domain, 'utf8')
    .digest();
}

function withSourceIds(keyId: string, tokenize: Tokenizer): Omit<KeyedTokenizer, 'tokenId64'> {
  return {
    keyId,
    tokenize,
    tokenizeSourceId: (source, sourceId) => tokenize(sourceIdDomain(source), sourceId),
  };
}
