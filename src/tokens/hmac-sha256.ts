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
const block = new Int32Array(16);
/**
 * The inner hash, then padded as the outer hash's message: words 8 to 15 (the padding of a
 * 32-byte message after the outer key block) are set here once; only 0 to 7 are ever written.
 */
const innerState = new Int32Array(16);
innerState[8] = 0x80000000 | 0;
innerState[15] = (BLOCK_BYTES + 32) * 8;
const result = new Int32Array(8);

/**
 * One SHA-256 compression of `words` (16 big-endian words) into `state`; out may be state.
 *
 * Unrolled by hand, 16 rounds at a time: the message schedule lives in 16 local words
 * (`w[i]` overwrites `w[i - 16]` in place), and the eight working variables are renamed
 * from round to round instead of shifted, so round `i` reads `a` to `h` rotated right by
 * `i mod 8`. The sigma functions are written out: V8 does not inline calls into a function
 * this long. Measured against the rolled loop (a schedule array, eight moves a round): about
 * 20% more tokens a second, and a record's ~70 compressions are a third of its preparation.
 */
function compress(state: Int32Array, out: Int32Array, words: Int32Array): void {
  // prettier-ignore
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  // prettier-ignore
  let w0 = words[0]!, w1 = words[1]!, w2 = words[2]!, w3 = words[3]!, w4 = words[4]!, w5 = words[5]!, w6 = words[6]!, w7 = words[7]!;
  // prettier-ignore
  let w8 = words[8]!, w9 = words[9]!, w10 = words[10]!, w11 = words[11]!, w12 = words[12]!, w13 = words[13]!, w14 = words[14]!, w15 = words[15]!;
  let t1: number;
  let t2: number;
  for (let r = 0; r < 64; r += 16) {
    if (r > 0) {
      // prettier-ignore
      {
      w0 = (w0 + (((w1 >>> 7) | (w1 << 25)) ^ ((w1 >>> 18) | (w1 << 14)) ^ (w1 >>> 3)) + w9 + (((w14 >>> 17) | (w14 << 15)) ^ ((w14 >>> 19) | (w14 << 13)) ^ (w14 >>> 10))) | 0;
      w1 = (w1 + (((w2 >>> 7) | (w2 << 25)) ^ ((w2 >>> 18) | (w2 << 14)) ^ (w2 >>> 3)) + w10 + (((w15 >>> 17) | (w15 << 15)) ^ ((w15 >>> 19) | (w15 << 13)) ^ (w15 >>> 10))) | 0;
      w2 = (w2 + (((w3 >>> 7) | (w3 << 25)) ^ ((w3 >>> 18) | (w3 << 14)) ^ (w3 >>> 3)) + w11 + (((w0 >>> 17) | (w0 << 15)) ^ ((w0 >>> 19) | (w0 << 13)) ^ (w0 >>> 10))) | 0;
      w3 = (w3 + (((w4 >>> 7) | (w4 << 25)) ^ ((w4 >>> 18) | (w4 << 14)) ^ (w4 >>> 3)) + w12 + (((w1 >>> 17) | (w1 << 15)) ^ ((w1 >>> 19) | (w1 << 13)) ^ (w1 >>> 10))) | 0;
      w4 = (w4 + (((w5 >>> 7) | (w5 << 25)) ^ ((w5 >>> 18) | (w5 << 14)) ^ (w5 >>> 3)) + w13 + (((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10))) | 0;
      w5 = (w5 + (((w6 >>> 7) | (w6 << 25)) ^ ((w6 >>> 18) | (w6 << 14)) ^ (w6 >>> 3)) + w14 + (((w3 >>> 17) | (w3 << 15)) ^ ((w3 >>> 19) | (w3 << 13)) ^ (w3 >>> 10))) | 0;
      w6 = (w6 + (((w7 >>> 7) | (w7 << 25)) ^ ((w7 >>> 18) | (w7 << 14)) ^ (w7 >>> 3)) + w15 + (((w4 >>> 17) | (w4 << 15)) ^ ((w4 >>> 19) | (w4 << 13)) ^ (w4 >>> 10))) | 0;
      w7 = (w7 + (((w8 >>> 7) | (w8 << 25)) ^ ((w8 >>> 18) | (w8 << 14)) ^ (w8 >>> 3)) + w0 + (((w5 >>> 17) | (w5 << 15)) ^ ((w5 >>> 19) | (w5 << 13)) ^ (w5 >>> 10))) | 0;
      w8 = (w8 + (((w9 >>> 7) | (w9 << 25)) ^ ((w9 >>> 18) | (w9 << 14)) ^ (w9 >>> 3)) + w1 + (((w6 >>> 17) | (w6 << 15)) ^ ((w6 >>> 19) | (w6 << 13)) ^ (w6 >>> 10))) | 0;
      w9 = (w9 + (((w10 >>> 7) | (w10 << 25)) ^ ((w10 >>> 18) | (w10 << 14)) ^ (w10 >>> 3)) + w2 + (((w7 >>> 17) | (w7 << 15)) ^ ((w7 >>> 19) | (w7 << 13)) ^ (w7 >>> 10))) | 0;
      w10 = (w10 + (((w11 >>> 7) | (w11 << 25)) ^ ((w11 >>> 18) | (w11 << 14)) ^ (w11 >>> 3)) + w3 + (((w8 >>> 17) | (w8 << 15)) ^ ((w8 >>> 19) | (w8 << 13)) ^ (w8 >>> 10))) | 0;
      w11 = (w11 + (((w12 >>> 7) | (w12 << 25)) ^ ((w12 >>> 18) | (w12 << 14)) ^ (w12 >>> 3)) + w4 + (((w9 >>> 17) | (w9 << 15)) ^ ((w9 >>> 19) | (w9 << 13)) ^ (w9 >>> 10))) | 0;
      w12 = (w12 + (((w13 >>> 7) | (w13 << 25)) ^ ((w13 >>> 18) | (w13 << 14)) ^ (w13 >>> 3)) + w5 + (((w10 >>> 17) | (w10 << 15)) ^ ((w10 >>> 19) | (w10 << 13)) ^ (w10 >>> 10))) | 0;
      w13 = (w13 + (((w14 >>> 7) | (w14 << 25)) ^ ((w14 >>> 18) | (w14 << 14)) ^ (w14 >>> 3)) + w6 + (((w11 >>> 17) | (w11 << 15)) ^ ((w11 >>> 19) | (w11 << 13)) ^ (w11 >>> 10))) | 0;
      w14 = (w14 + (((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3)) + w7 + (((w12 >>> 17) | (w12 << 15)) ^ ((w12 >>> 19) | (w12 << 13)) ^ (w12 >>> 10))) | 0;
      w15 = (w15 + (((w0 >>> 7) | (w0 << 25)) ^ ((w0 >>> 18) | (w0 << 14)) ^ (w0 >>> 3)) + w8 + (((w13 >>> 17) | (w13 << 15)) ^ ((w13 >>> 19) | (w13 << 13)) ^ (w13 >>> 10))) | 0;
      }
    }
    // prettier-ignore
    {
    t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + K[r + 0]! + w0) | 0; t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) | (c & (a | b)))) | 0; d = (d + t1) | 0; h = (t1 + t2) | 0;
    t1 = (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + K[r + 1]! + w1) | 0; t2 = ((((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) | (b & (h | a)))) | 0; c = (c + t1) | 0; g = (t1 + t2) | 0;
    t1 = (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + K[r + 2]! + w2) | 0; t2 = ((((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) | (a & (g | h)))) | 0; b = (b + t1) | 0; f = (t1 + t2) | 0;
    t1 = (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + K[r + 3]! + w3) | 0; t2 = ((((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) | (h & (f | g)))) | 0; a = (a + t1) | 0; e = (t1 + t2) | 0;
    t1 = (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + K[r + 4]! + w4) | 0; t2 = ((((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) | (g & (e | f)))) | 0; h = (h + t1) | 0; d = (t1 + t2) | 0;
    t1 = (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + K[r + 5]! + w5) | 0; t2 = ((((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) | (f & (d | e)))) | 0; g = (g + t1) | 0; c = (t1 + t2) | 0;
    t1 = (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + K[r + 6]! + w6) | 0; t2 = ((((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) | (e & (c | d)))) | 0; f = (f + t1) | 0; b = (t1 + t2) | 0;
    t1 = (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + K[r + 7]! + w7) | 0; t2 = ((((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) | (d & (b | c)))) | 0; e = (e + t1) | 0; a = (t1 + t2) | 0;
    t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + K[r + 8]! + w8) | 0; t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) | (c & (a | b)))) | 0; d = (d + t1) | 0; h = (t1 + t2) | 0;
    t1 = (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + K[r + 9]! + w9) | 0; t2 = ((((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) | (b & (h | a)))) | 0; c = (c + t1) | 0; g = (t1 + t2) | 0;
    t1 = (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + K[r + 10]! + w10) | 0; t2 = ((((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) | (a & (g | h)))) | 0; b = (b + t1) | 0; f = (t1 + t2) | 0;
    t1 = (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + K[r + 11]! + w11) | 0; t2 = ((((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) | (h & (f | g)))) | 0; a = (a + t1) | 0; e = (t1 + t2) | 0;
    t1 = (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + K[r + 12]! + w12) | 0; t2 = ((((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) | (g & (e | f)))) | 0; h = (h + t1) | 0; d = (t1 + t2) | 0;
    t1 = (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + K[r + 13]! + w13) | 0; t2 = ((((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) | (f & (d | e)))) | 0; g = (g + t1) | 0; c = (t1 + t2) | 0;
    t1 = (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + K[r + 14]! + w14) | 0; t2 = ((((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) | (e & (c | d)))) | 0; f = (f + t1) | 0; b = (t1 + t2) | 0;
    t1 = (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + K[r + 15]! + w15) | 0; t2 = ((((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) | (d & (b | c)))) | 0; e = (e + t1) | 0; a = (t1 + t2) | 0;
    }
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
 * state in innerState[0..7]; false when a character is not ASCII (innerState is then scratch).
 * Blocking keys and identifier domains are ASCII and often longer than one block (an
 * `other-id-variant` key is ~70 characters): reading them through a Buffer cost an allocation
 * and a copy each. Each character is read once, four to a word, and checked on the way: a
 * separate ASCII scan and byte-by-byte stores were a third of the time outside `compress`.
 */
function absorbAscii(inner: Int32Array, message: string): boolean {
  const n = message.length;
  let state = inner;
  let offset = 0;
  for (; n - offset >= BLOCK_BYTES; offset += BLOCK_BYTES) {
    if (loadAscii(message, offset) > 0x7f) return false;
    compress(state, innerState, block);
    state = innerState;
  }
  if (loadAscii(message, offset) > 0x7f) return false;
  compressLast(state, n - offset, n);
  return true;
}

/**
 * Puts the message's characters from `offset` (64 at most) into `block` as big-endian bytes,
 * the padding's 0x80 right after the message's end and zeros after that; returns the OR of the
 * character codes read (above 0x7f: not ASCII).
 */
function loadAscii(message: string, offset: number): number {
  const n = message.length;
  let codes = 0;
  for (let w = 0; w < 16; w++) {
    const at = offset + (w << 2);
    if (at + 4 <= n) {
      // prettier-ignore
      const c0 = message.charCodeAt(at), c1 = message.charCodeAt(at + 1), c2 = message.charCodeAt(at + 2), c3 = message.charCodeAt(at + 3);
      codes |= c0 | c1 | c2 | c3;
      block[w] = (c0 << 24) | (c1 << 16) | (c2 << 8) | c3;
      continue;
    }
    let word = 0;
    for (let k = 0; k < 4; k++) {
      const i = at + k;
      let code = 0;
      if (i < n) {
        code = message.charCodeAt(i);
        codes |= code;
      } else if (i === n) code = 0x80;
      word |= (code & 0xff) << (24 - (k << 3));
    }
    block[w] = word;
  }
  return codes;
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
  compressLast(state, rest, n);
}

/**
 * Compresses the last block (its `rest` bytes and the 0x80 after them already in `block`) with
 * the message length, in a block of its own when it does not fit after them.
 */
function compressLast(state: Int32Array, rest: number, n: number): void {
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
const CODES = Int32Array.from(ALPHABET, (c) => c.charCodeAt(0));

/**
 * The first 128 bits of HMAC-SHA256, base64url without padding (22 characters).
 *
 * Written by one String.fromCharCode, a flat string: concatenating its pieces made a rope of
 * a dozen, which every later reader (JSON.stringify of the features and the content hash,
 * the variants' join, a blocking key's HMAC) had to flatten first, and that cost more than
 * making the token.
 */
export function hmacSha256Token(key: HmacKeyState, message: string): string {
  hmacInto(key, message);
  // prettier-ignore
  const r0 = result[0]!, r1 = result[1]!, r2 = result[2]!, r3 = result[3]!;
  // prettier-ignore
  return String.fromCharCode(
    CODES[r0 >>> 26]!, CODES[(r0 >>> 20) & 63]!, CODES[(r0 >>> 14) & 63]!, CODES[(r0 >>> 8) & 63]!,
    CODES[(r0 >>> 2) & 63]!, CODES[((r0 & 3) << 4) | (r1 >>> 28)]!, CODES[(r1 >>> 22) & 63]!,
    CODES[(r1 >>> 16) & 63]!, CODES[(r1 >>> 10) & 63]!, CODES[(r1 >>> 4) & 63]!,
    CODES[((r1 & 15) << 2) | (r2 >>> 30)]!, CODES[(r2 >>> 24) & 63]!, CODES[(r2 >>> 18) & 63]!,
    CODES[(r2 >>> 12) & 63]!, CODES[(r2 >>> 6) & 63]!, CODES[r2 & 63]!, CODES[r3 >>> 26]!,
    CODES[(r3 >>> 20) & 63]!, CODES[(r3 >>> 14) & 63]!, CODES[(r3 >>> 8) & 63]!,
    CODES[(r3 >>> 2) & 63]!, CODES[(r3 & 3) << 4]!,
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
