/**
 * A blocking key as stored: the first 64 bits of its keyed token (a base64url HMAC prefix) as
 * a signed bigint, in decimal for the driver: half the token's bytes in a B-tree of about
 * fourteen rows per record. Two of a store's distinct keys collide with a chance of about
 * n^2 / 2^65 (3 in 10,000 at 10^8 distinct keys), and a collision only puts two unrelated
 * blocks together, whose records the scorer then tells apart. Migration 1767000000000 converts stored tokens with the same
 * rule in SQL (its BLOCK_KEY_ID_SQL; test/service/records-block-key-id.test.ts holds them equal).
 */
export function blockKeyId(token: string): string {
  return Buffer.from(token, 'base64url').readBigInt64BE(0).toString();
}
