import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { cliPrincipal } from '../../src/cli/cli-context';
import { RelinkBatch, RelinkService } from '../../src/records/relink.service';
import { TestApp, startTestApp } from '../support/test-app';

const GIVEN = ['Aurelia', 'Bartholomew', 'Cordelia', 'Desmond', 'Eulalia', 'Fitzgerald'];

/**
 * Six people; the first three registered again at a lab (same person, street abbreviated),
 * the fourth twice by the hospital (a duplicate of its own).
 */
function registrations(): object[] {
  const people = GIVEN.map((given, i) => ({
    source: 'hospital',
    source_id: `H-${i}`,
    given_name: given,
    family_name: `Quillfeather${'abcdef'[i]}`,
    birth_date: `19${60 + i}-0${1 + i}-1${i}`,
    sex: i % 2 ? 'male' : 'female',
    address_line: `${10 + i} Juniper Street`,
    postal_code: `9720${i}`,
    phone: `503555020${i}`,
  }));
  const lab = people.slice(0, 3).map((p, i) => ({
    ...p,
    source: 'lab',
    source_id: `L-${i}`,
    address_line: `${10 + i} Juniper St`,
  }));
  return [...people, ...lab, { ...people[3], source_id: 'H-9' }];
}

describe('relink walk: each record once, in arrival order, under the model that linked it', () => {
  let t: TestApp;
  let db: DataSource;
  let service: RelinkService;
  let linksBefore: { record_id: string; person_id: string; kind: string }[];
  const batches: RelinkBatch[] = [];
  const links = async () =>
    (await db.query(`select record_id, person_id, kind from record_link order by record_id`)) as {
      record_id: string;
      person_id: string;
      kind: string;
    }[];

  before(async () => {
    t = await startTestApp('relink_walk');
    db = t.app.get(DataSource);
    service = t.app.get(RelinkService);
    const ingest = await t.token('ingest');
    const records = registrations();
    // The first six in one request: one arrival time, walked by id.
    for (const batch of [records.slice(0, 6), ...records.slice(6).map((r) => [r])])
      await request(t.baseUrl)
        .post('/api/records')
        .set('Authorization', `Bearer ${ingest}`)
        .send({ records: batch })
        .expect(200);
    // A steward confirms the last lab record's link by hand.
    const [lastLab] = (await db.query(
      `select r.id, l.person_id from source_record r join record_link l on l.record_id = r.id
        where r.source = 'lab' order by r.received_at desc limit 1`,
    )) as { id: string; person_id: string }[];
    await request(t.baseUrl)
      .post(`/api/records/${lastLab!.id}/link`)
      .set('Authorization', `Bearer ${await t.token('steward')}`)
      .send({ personId: lastLab!.person_id })
      .expect(200);
    // The lab records arrived within one millisecond: a cursor kept as a JavaScript Date
    // (milliseconds) would walk them again.
    await db.query(
      `update source_record s set received_at = date_trunc('milliseconds', now()) + x.n * interval '100 microseconds'
         from (select id, row_number() over (order by received_at, id) as n from source_record where source = 'lab') x
        where s.id = x.id`,
    );
    linksBefore = await links();
    for (;;) {
      const batch = await service.relinkBatch(2, cliPrincipal());
      if (batch.finished) break;
      batches.push(batch);
    }
  });
  after(() => t.close());

  it('walks every record once, two a batch, and audits each batch with its records', async () => {
    assert.deepEqual(
      batches.map((b) => b.walked),
      [2, 2, 2, 2, 2],
    );
    const audited = (await db.query(
      `select record_ids from audit_event where action = 'link.relink' order by seq`,
    )) as { record_ids: string[] }[];
    assert.equal(audited.length, 5);
    const seen = new Set(audited.flatMap((a) => a.record_ids));
    assert.equal(seen.size, 10);
    const [run] = (await db.query(
      `select r.finished_at, r.last_record_id = (select id from source_record order by received_at desc, id desc limit 1) as at_end
         from relink_run r`,
    )) as { finished_at: Date | null; at_end: boolean }[];
    assert.ok(run?.finished_at);
    assert.equal(run?.at_end, true);
  });

  it('moves nothing when the model has not changed, and leaves the manual link alone', async () => {
    assert.equal(
      batches.reduce((n, b) => n + b.moved + b.newPersons, 0),
      0,
    );
    assert.deepEqual(await links(), linksBefore);
    assert.equal(linksBefore.filter((l) => l.kind === 'manual').length, 1);
    const decided = batches.reduce((n, b) => n + b.reDecided, 0);
    assert.equal(decided, 9, 'every automatic link once');
  });

  it('asks about a source duplicate once, not again from the earlier record', async () => {
    const [open] = (await db.query(
      `select count(*)::int as n from review_task where kind = 'same-source-duplicate' and status = 'open'`,
    )) as { n: number }[];
    assert.equal(open?.n, 1);
  });

  it('does nothing more once finished', async () => {
    const again = await service.relinkBatch(2, cliPrincipal());
    assert.deepEqual(again, {
      reDecided: 0,
      moved: 0,
      newPersons: 0,
      tasksOpened: 0,
      keysRefreshed: 0,
      walked: 0,
      finished: true,
    });
  });
});
