import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Services, newRecord, startServices } from '../support/service-context';
import { undoMigrationsThrough } from '../support/undo-migration';

const MIGRATION = 'BlockKeysByRecordNumber1767700000000';

/** Each record's keys, by record id, whichever column names the record. */
const KEYS_BY_NUMBER = `
  select r.id, array_agg(b.key::text order by b.key) as keys
    from record_block_key b join source_record r on r.record_no = b.record_no
   group by r.id order by r.id`;
const KEYS_BY_UUID = `
  select record_id as id, array_agg(key::text order by key) as keys
    from record_block_key group by record_id order by record_id`;

describe('blocking keys by record number (migration 1767700000000)', () => {
  let s: Services;
  before(async () => {
    s = await startServices('block-keys-by-number');
  });
  after(async () => {
    await s.close();
  });

  it('numbers stored records in arrival order and keeps each its keys; later records link by them', async () => {
    const first = await newRecord(s, {
      given_name: 'Wilhelmina',
      family_name: 'Okonkwo-Barrett',
      birth_date: '1957-10-02',
      ssn: '219-33-4410',
      phone: '617-555-0143',
    });
    for (const given of ['Philippa', 'Oswin'])
      await newRecord(s, { given_name: given, birth_date: '1990-02-14' });
    const keys = await s.rows<{ id: string; keys: string[] }>(KEYS_BY_NUMBER);
    assert.equal(keys.length, 3);

    await undoMigrationsThrough(MIGRATION);
    assert.deepEqual(await s.rows(KEYS_BY_UUID), keys, 'down: the same keys by uuid');
    s = await s.restart({}); // the upgrade: the pending migration runs at start

    assert.deepEqual(await s.rows(KEYS_BY_NUMBER), keys, 'up: the same keys by number');
    assert.deepEqual(
      await s.rows(`select id from source_record order by record_no`),
      await s.rows(`select id from source_record order by received_at, id`),
    );
    // A record after the upgrade takes the next number, and its candidates are read by them:
    // the same person with a typo in the phone links to the first record.
    const later = await newRecord(s, {
      given_name: 'Wilhelmina',
      family_name: 'Okonkwo-Barrett',
      birth_date: '1957-10-02',
      ssn: '219-33-4410',
      phone: '617-555-0134',
    });
    const [numbers] = await s.rows<{ later: string; max: string }>(
      `select (select record_no::text from source_record where id = $1) as later,
              max(record_no)::text as max from source_record`,
      [later.recordId],
    );
    assert.equal(numbers?.later, numbers?.max);
    assert.equal(later.personId, first.personId);
  });
});
