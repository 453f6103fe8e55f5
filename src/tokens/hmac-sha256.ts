import { createHash } from 'node:crypto';

/**
 * HMAC-SHA256 with the key's inner and outer padded states computed once.
 *
 * Why not node:crypto: a record needs 20-40 tokens (each identifier and its deletion
 * variants), and the cost of `createHmac` is dominated by per-call object setup and by the two
 * compressions of the padded key, not by the message. Measured on the project machines
 * (test/bench/normalize-tokens.bench.ts): createHmac ~0.3M/s, Hash#copy() of precomputed
 * states ~0.2M/s (slower: two native objects and digests per call), this module ~1.0-1.1M/s. For a short message
 * it runs two SHA-256 compressions in all. The output is plain HMAC-SHA256 (RFC 2104);
 * test/unit/tokens-hmac-sha256.test.ts proves it equal to createHmac on random keys and
 * messages of every length, Unicode included.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);
const BLOCK_BYTES = 64;

// Scratch space, reused by every call: the functions below are synchronous and never re-enter.
const schedule = new Int32Array(64);
const block = new Int32Array(16);
const innerState = new Int32Array(16);
const result = new Int32Array(8);

/** One SHA-256 compression of `words` (16 big-endian words) into `state`; out may be state. */
function compress(state: Int32Array, out: Int32Array, words: Int32Array): void {
  const w = schedule;
  for (let i = 0; i < 16; i++) w[i] = words[i]!;
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!;
    const b = w[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  // prettier-ignore
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  // prettier-ignore
  let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  out[0] = (state[0]! + a) | 0;
  out[1] = (state[1]! + b) | 0;
  out[2] = (state[2]! + c) | 0;
  out[3] = (state[3]! + d) | 0;
  out[4] = (state[4]! + e) | 0;
  out[5] = (state[5]! + f) | 0;
  out[6] = (state[6]! + g) | 0;
  out[7] = (state[7]! + h) | 0;
}

/** A key's hash states after its inner (0x36) and outer (0x5c) padded blocks. */
export interface HmacKeyState {
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

export function precomputeHmacKey(key: Uint8Array): HmacKeyState {
  const bytes = key.length > BLOCK_BYTES ? createHash('sha256').update(key).digest() : key;
  const padded = (pad: number): Int32Array => {
    const words = new Int32Array(16);
    for (let i = 0; i < BLOCK_BYTES; i++) {
      words[i >> 2]! |= ((bytes[i] ?? 0) ^ pad) << (24 - ((i & 3) << 3));
    }
    const state = new Int32Array(8);
    compress(INITIAL, state, words);
    return state;
  };
  return { inner: padded(0x36), outer: padded(0x5c) };
}

/** Puts the byte `code` at position `i` of `block` (big-endian words). */
function putByte(i: number, code: number): void {
  block[i >> 2]! |= code << (24 - ((i & 3) << 3));
}

/**
 * Hashes an ASCII message after the inner key block straight from its characters, leaving the
 * state in innerState[0..7]; false (nothing hashed) when a character is not ASCII. Blocking
 * keys and identifier domains are ASCII and often longer than one block (an `other-id-variant`
 * key is ~70 characters): reading them through a Buffer cost an allocation and a copy each.
 */
function absorbAscii(inner: Int32Array, message: string): boolean {
  const n = message.length;
  for (let i = 0; i < n; i++) if (message.charCodeAt(i) > 0x7f) return false;
  let state = inner;
  let offset = 0;
  for (; n - offset >= BLOCK_BYTES; offset += BLOCK_BYTES) {
    block.fill(0);
    for (let i = 0; i < BLOCK_BYTES; i++) putByte(i, message.charCodeAt(offset + i));
    compress(state, innerState, block);
    state = innerState;
  }
  const rest = n - offset;
  block.fill(0);
  for (let i = 0; i < rest; i++) putByte(i, message.charCodeAt(offset + i));
  finishInner(state, rest, n);
  return true;
}

/** Hashes message bytes after the inner key block, leaving the state in innerState[0..7]. */
function absorbBytes(inner: Int32Array, bytes: Uint8Array): void {
  innerState.set(inner);
  const n = bytes.length;
  let offset = 0;
  for (; n - offset >= BLOCK_BYTES; offset += BLOCK_BYTES) {
    block.fill(0);
    for (let i = 0; i < BLOCK_BYTES; i++) putByte(i, bytes[offset + i]!);
    compress(innerState, innerState, block);
  }
  const rest = n - offset;
  block.fill(0);
  for (let i = 0; i < rest; i++) putByte(i, bytes[offset + i]!);
  finishInner(innerState, rest, n);
}

/**
 * Pads and compresses the last block (its `rest` bytes already in `block`) of an `n`-byte
 * message, from `state` into innerState.
 */
function finishInner(state: Int32Array, rest: number, n: number): void {
  putByte(rest, 0x80);
  if (rest > 55) {
    compress(state, innerState, block);
    state = innerState;
    block.fill(0);
  }
  const bits = (BLOCK_BYTES + n) * 8;
  block[14] = Math.floor(bits / 0x100000000);
  block[15] = bits | 0;
  compress(state, innerState, block);
}

/** Runs HMAC over a UTF-8 message; the 8 result words land in `result`. */
function hmacInto(key: HmacKeyState, message: string): void {
  if (!absorbAscii(key.inner, message)) absorbBytes(key.inner, Buffer.from(message, 'utf8'));
  innerState[8] = 0x80000000 | 0;
  innerState.fill(0, 9, 15);
  innerState[15] = (BLOCK_BYTES + 32) * 8;
  compress(key.outer, result, innerState);
}

/** The full 32-byte HMAC-SHA256 of a UTF-8 message. */
export function hmacSha256(key: HmacKeyState, message: string): Buffer {
  hmacInto(key, message);
  const out = Buffer.allocUnsafe(32);
  for (let i = 0; i < 8; i++) out.writeInt32BE(result[i]!, i * 4);
  return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Every 12-bit value as two base64url characters: 11 lookups encode a 128-bit token. */
const PAIRS: readonly string[] = Array.from(
  { length: 4096 },
  (_, i) => ALPHABET[i >> 6]! + ALPHABET[i & 63]!,
);

/** The first 128 bits of HMAC-SHA256, base64url without padding (22 characters). */
export function hmacSha256Token(key: HmacKeyState, message: string): string {
  hmacInto(key, message);
  // prettier-ignore
  const r0 = result[0]!, r1 = result[1]!, r2 = result[2]!, r3 = result[3]!;
  return (
    PAIRS[(r0 >>> 20) & 4095]! +
    PAIRS[(r0 >>> 8) & 4095]! +
    PAIRS[((r0 & 255) << 4) | (r1 >>> 28)]! +
    PAIRS[(r1 >>> 16) & 4095]! +
    PAIRS[(r1 >>> 4) & 4095]! +
    PAIRS[((r1 & 15) << 8) | (r2 >>> 24)]! +
    PAIRS[(r2 >>> 12) & 4095]! +
    PAIRS[r2 & 4095]! +
    PAIRS[(r3 >>> 20) & 4095]! +
    PAIRS[(r3 >>> 8) & 4095]! +
    ALPHABET[(r3 & 255) >>> 2]! +
    ALPHABET[(r3 & 3) << 4]!
  );
}

/**
 * The first 64 bits of HMAC-SHA256 as a signed integer in decimal: what block-key-id.ts makes
 * of the token (`blockKeyId(hmacSha256Token(key, message))`), without writing the token in
 * base64 and reading it back through a Buffer. A record has about 14 blocking keys.
 */
export function hmacSha256Int64(key: HmacKeyState, message: string): string {
  hmacInto(key, message);
  return ((BigInt(result[0]!) << 32n) | BigInt(result[1]! >>> 0)).toString();
}
