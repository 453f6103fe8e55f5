import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import request from 'supertest';
import { TestApp, startTestApp } from '../support/test-app';

const alice = {
  source: 'st-mary',
  source_id: 'MRN-1001',
  given_name: 'Alice',
  family_name: 'Zephyrine',
  birth_date: '1984-03-12',
  sex: 'female',
  ssn: '512-44-9876',
  phone: '(617) 555-0142',
  email: 'Alice.Z@example.org',
  address_line: '12 Harbor Street Apt 4',
  city: 'Boston',
  state: 'MA',
  postal_code: '02110-1234',
};

describe('POST /api/records', () => {
  let t: TestApp;
  let ingest: string;
  let db: Client;

  before(async () => {
    t = await startTestApp('records_api');
    ingest = await t.token('ingest');
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  after(async () => {
    await db.end();
    await t.close();
  });

  const post = (body: unknown, token = ingest) =>
    request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  it('refuses a call without a token (401), with a forged one (401) and with the wrong role (403)', async () => {
    await request(t.baseUrl)
      .post('/api/records')
      .send({ records: [alice] })
      .expect(401);
    await post({ records: [alice] }, 'not.a.jwt').expect(401);
    const res = await post({ records: [alice] }, await t.token('match')).expect(403);
    assert.equal(res.body.error, 'forbidden');
  });

  it('creates a record, leaves an identical re-send unchanged and updates a changed one', async () => {
    // A source of its own: the other cases' records are not counted.
    const mine = { ...alice, source: 'create-clinic' };
    const first = await post({ records: [mine] }).expect(200);
    assert.equal(first.body.outcomes[0].status, 'created');
    const again = await post({ records: [mine] }).expect(200);
    assert.equal(again.body.outcomes[0].status, 'unchanged');
    assert.equal(again.body.outcomes[0].recordId, first.body.outcomes[0].recordId);
    const moved = await post({ records: [{ ...mine, address_line: '9 Elm Avenue' }] }).expect(200);
    assert.equal(moved.body.outcomes[0].status, 'updated');
    const rows = await db.query(
      `select count(*)::int as n, max(version) as v from source_record where source = 'create-clinic'`,
    );
    assert.deepEqual(rows.rows[0], { n: 1, v: 2 });
  });

  it('stores no raw identifier: SSN, phone, email and MRN appear only as tokens or ciphertext', async () => {
    await post({ records: [alice] }).expect(200);
    const dump = await db.query(`select row_to_json(r)::text as row from source_record r`);
    const text = dump.rows.map((r: { row: string }) => r.row).join('\n');
    for (const secret of [
      '512449876',
      '512-44-9876',
      '6175550142',
      'alice.z@example.org',
      'MRN-1001',
    ]) {
      assert.equal(text.includes(secret), false, 'a raw identifier is stored in plain text');
    }
    const keys = await db.query(`select key from record_block_key`);
    assert.ok(keys.rows.length > 0);
    // Blocking keys are 64-bit numbers taken from a keyed HMAC: no text of the record's values
    // (a number's decimal digits may hold "1984" by chance, as any digits may).
    assert.ok(keys.rows.every((k: { key: string }) => /^-?\d{1,19}$/.test(k.key)));
  });

  it('rejects an invalid record with its reason and keeps its valid neighbour', async () => {
    const res = await post({
      records: [
        { ...alice, source_id: 'MRN-2', birth_date: '2023-02-30' },
        { ...alice, source_id: 'MRN-3', given_name: 'Bob' },
      ],
    }).expect(200);
    const [bad, good] = res.body.outcomes;
    assert.equal(bad.status, 'rejected');
    assert.equal(bad.errors[0].field, 'birth_date');
    assert.equal(good.status, 'created');
    assert.equal(
      JSON.stringify(res.body).includes('2023-02-30'),
      false,
      'the rejected value is echoed',
    );
  });

  it('answers 400 naming an unknown field and a field over its length limit, without echoing values', async () => {
    const unknown = await post({ records: [{ ...alice, favourite_colour: 'teal' }] }).expect(400);
    assert.match(JSON.stringify(unknown.body), /favourite_colour/);
    assert.equal(JSON.stringify(unknown.body).includes('teal'), false);
    const long = 'x'.repeat(201);
    const tooLong = await post({ records: [{ ...alice, family_name: long }] }).expect(400);
    assert.match(JSON.stringify(tooLong.body), /family_name/);
    assert.equal(JSON.stringify(tooLong.body).includes(long), false);
  });

  it('answers 400 for unparseable JSON, 413 for a body or batch over the limits', async () => {
    await request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${ingest}`)
      .set('Content-Type', 'application/json')
      .send('{"records": [')
      .expect(400);
    const batch = Array.from({ length: 1001 }, (_, i) => ({ source: 's', source_id: String(i) }));
    await post({ records: batch }).expect(413);
    const huge = { records: [{ ...alice, given_name: 'y'.repeat(6 * 1024 * 1024) }] };
    await post(huge).expect(413);
  });

  it('serves health and the OpenAPI document without a token', async () => {
    const health = await request(t.baseUrl).get('/health').expect(200);
    assert.equal(health.body.status, 'ok');
    const doc = await request(t.baseUrl).get('/api/docs/openapi.json').expect(200);
    assert.ok(doc.body.paths['/api/records']);
  });
});
