import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { BLOCK_KEY_ID_SQL } from '../../migrations/1767000000000-block-keys-as-bigint';
import { StoredFeatures, decodeFeatures } from '../../src/database/stored-features';
import { PairScorer } from '../../src/retrieval/pair-scorer';
import { blockKeyId } from '../../src/tokens/block-key-id';
import { TOKEN_BYTES } from '../../src/tokens/hmac-tokenizer';
import { Services, newRecord, startServices } from '../support/service-context';

describe('blocking keys stored as 64-bit integers', () => {
  let s: Services;
  before(async () => {
    s = await startServices('block-keys');
  });
  after(async () => {
    await s.close();
  });

  it('the migration converts a stored token to the key the writers store for it', async () => {
    // Tokens whose first bytes cover both signs and the base64url-only characters (- and _).
    const tokens = [
      ...Array.from({ length: 200 }, () => randomBytes(TOKEN_BYTES).toString('base64url')),
      Buffer.alloc(TOKEN_BYTES, 0xff).toString('base64url'),
      Buffer.alloc(TOKEN_BYTES, 0x00).toString('base64url'),
      Buffer.alloc(TOKEN_BYTES, 0xfb).toString('base64url'),
    ];
    const rows = await s.rows<{ token: string; id: string }>(
      `select key as token, (${BLOCK_KEY_ID_SQL})::text as id from unnest($1::text[]) as t(key)`,
      [tokens],
    );
    assert.equal(rows.length, tokens.length);
    for (const row of rows) assert.equal(row.id, blockKeyId(row.token), row.token);
  });

  it('an ingested record is stored with the keys of its features, and found by them', async () => {
    const seeded = await newRecord(s, {
      given_name: 'Ottoline',
      family_name: 'Quennell',
      birth_date: '1961-04-09',
      ssn: '219-09-9999',
    });
    const [stored] = await s.rows<{ features: StoredFeatures }>(
      `select features from source_record where id = $1`,
      [seeded.recordId],
    );
    assert.ok(stored);
    const expected = s.get(PairScorer).storedBlockKeys(decodeFeatures(stored.features));
    const keys = await s.rows<{ key: string }>(
      `select b.key::text as key from record_block_key b
         join source_record r on r.record_no = b.record_no where r.id = $1`,
      [seeded.recordId],
    );
    assert.ok(expected.length > 0);
    assert.deepEqual(keys.map((k) => k.key).sort(), [...new Set(expected)].sort());
  });
});
