import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { permissionsOf } from '../../src/auth/permissions';
import { Principal } from '../../src/auth/principal';
import { SECRETS } from '../../src/config/config.module';
import { Secrets } from '../../src/config/key-material';
import { runCli } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function person(i: number) {
  return {
    source: 'audit-hospital',
    source_id: `AUD-${i}`,
    given_name: ['Winifred', 'Bartholomew', 'Ottilie', 'Cornelius'][i % 4],
    family_name: `Vandermeulen${String.fromCharCode(97 + (i % 26))}`,
    birth_date: `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
    sex: i % 2 ? 'female' : 'male',
  };
}

describe('audit trail: context, search, FHIR view, coverage, append-only and the hash chain', () => {
  let t: TestApp;
  let db: Client;
  let ingest: string;
  let auditor: string;
  /** A record and its person, ingested before the cases: what the searches look for. */
  let recordId: string;
  let personId: string;

  before(async () => {
    t = await startTestApp('audit_trail', { MPI_RATE_LIMIT: '0' });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    ingest = await t.token('ingest');
    auditor = await t.token('auditor');
    const seeded = await request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${await t.token('admin')}`)
      .send({ records: [person(2)] })
      .expect(200);
    ({ recordId, personId } = seeded.body.outcomes[0] as { recordId: string; personId: string });
  });
  after(async () => {
    await db.end();
    await t.close();
  });

  const search = (query: Record<string, string>, token = auditor) =>
    request(t.baseUrl).get('/api/audit').query(query).set('Authorization', `Bearer ${token}`);

  it('records an ingest with purpose of use, client and the caller correlation id, echoed back', async () => {
    const res = await request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${ingest}`)
      .set('X-Request-Id', 'req-audit-0001')
      .set('X-Purpose-Of-Use', 'TREAT')
      .send({ records: [person(1)] })
      .expect(200);
    assert.equal(res.headers['x-request-id'], 'req-audit-0001');
    const ingested = res.body.outcomes[0].recordId as string;
    // An ingest client is not told the person (it may not read patients); the trail is.
    assert.equal(res.body.outcomes[0].personId, undefined);
    const found = await search({ correlationId: 'req-audit-0001' }).expect(200);
    assert.equal(found.body.total, 1);
    const event = found.body.events[0];
    assert.equal(event.action, 'record.ingest');
    assert.equal(event.actor, 'local-ingest');
    assert.equal(event.role, 'ingest');
    assert.equal(event.purpose, 'TREAT');
    assert.equal(event.outcome, 'success');
    assert.deepEqual(event.recordIds, [ingested]);
    assert.equal(event.personIds.length, 1);
    assert.match(event.hash, /^[0-9a-f]{64}$/);
  });

  it('generates a correlation id when none or an unsafe one is sent', async () => {
    const none = await request(t.baseUrl).get('/health').expect(200);
    assert.match(String(none.headers['x-request-id']), UUID);
    const unsafe = await request(t.baseUrl)
      .get('/health')
      .set('X-Request-Id', '<script>alert(1)</script>')
      .expect(200);
    assert.match(String(unsafe.headers['x-request-id']), UUID);
  });

  it('audits reads, $match and routes without their own audit call (coverage)', async () => {
    const reader = await t.token('steward');
    await request(t.baseUrl)
      .get(`/api/persons/${personId}`)
      .set('Authorization', `Bearer ${reader}`)
      .expect(200);
    await request(t.baseUrl)
      .get(`/fhir/Patient/${personId}`)
      .set('Authorization', `Bearer ${reader}`)
      .expect(200);
    await request(t.baseUrl)
      .post('/fhir/Patient/$match')
      .set('Authorization', `Bearer ${reader}`)
      .set('Content-Type', 'application/fhir+json')
      .send(
        JSON.stringify({
          resourceType: 'Parameters',
          parameter: [
            {
              name: 'resource',
              resource: {
                resourceType: 'Patient',
                name: [{ family: person(1).family_name, given: [person(1).given_name] }],
                birthDate: person(1).birth_date,
              },
            },
          ],
        }),
      )
      .expect(200);
    await request(t.baseUrl)
      .get('/api/reviews')
      .set('Authorization', `Bearer ${reader}`)
      .expect(200);
    await request(t.baseUrl)
      .get('/api/reviews/not-a-uuid')
      .set('Authorization', `Bearer ${reader}`)
      .expect(400);
    const events = (await search({ actor: 'local-steward', pageSize: '50' }).expect(200)).body
      .events as { action: string; outcome: string; personIds: string[] }[];
    const actions = events.map((e) => `${e.action}:${e.outcome}`);
    assert.ok(
      events.some((e) => e.personIds.includes(personId) && e.action !== 'http.GET /api/reviews'),
      'the person read is not audited',
    );
    assert.ok(
      actions.some((a) => /match/.test(a)),
      `no $match event in ${actions.join(', ')}`,
    );
    assert.ok(actions.includes('http.GET /api/reviews:success'), 'the review list is not audited');
    assert.ok(
      actions.includes('http.GET /api/reviews/:id:failure'),
      'the failed call is not audited',
    );
  });

  it('searches by action, person, record, time range and pages; only auditors may (403)', async () => {
    const byRecord = await search({ recordId }).expect(200);
    assert.ok(
      byRecord.body.events.every((e: { recordIds: string[] }) => e.recordIds.includes(recordId)),
    );
    const byPerson = await search({ personId, action: 'record.ingest' }).expect(200);
    assert.equal(byPerson.body.total, 1);
    const future = await search({ from: new Date(Date.now() + 3_600_000).toISOString() }).expect(
      200,
    );
    assert.equal(future.body.total, 0);
    const past = await search({ to: new Date(Date.now() - 3_600_000).toISOString() }).expect(200);
    assert.equal(past.body.total, 0);
    const page1 = await search({ pageSize: '2', page: '1' }).expect(200);
    const page2 = await search({ pageSize: '2', page: '2' }).expect(200);
    assert.equal(page1.body.events.length, 2);
    assert.notEqual(page1.body.events[0].seq, page2.body.events[0].seq);
    await search({ personId: 'not-a-uuid' }).expect(400);
    await search({ from: 'yesterday' }).expect(400);
    await search({}, ingest).expect(403);
    await request(t.baseUrl).get('/api/audit').expect(401);
  });

  it('serves the trail as FHIR AuditEvent resources in a searchset Bundle', async () => {
    // Two events name the person: its ingest, and this read.
    await request(t.baseUrl)
      .get(`/api/persons/${personId}`)
      .set('Authorization', `Bearer ${await t.token('steward')}`)
      .expect(200);
    const res = await request(t.baseUrl)
      .get('/fhir/AuditEvent')
      .query({ patient: `Patient/${personId}`, _count: '1' })
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    assert.match(String(res.headers['content-type']), /application\/fhir\+json/);
    assert.equal(res.body.resourceType, 'Bundle');
    assert.equal(res.body.type, 'searchset');
    assert.ok(res.body.total >= 2);
    assert.ok(res.body.link.some((l: { relation: string }) => l.relation === 'next'));
    const event = res.body.entry[0].resource;
    assert.equal(event.resourceType, 'AuditEvent');
    assert.ok(
      event.entity.some(
        (e: { what: { reference?: string } }) => e.what.reference === `Patient/${personId}`,
      ),
    );
    assert.ok(['C', 'R', 'U', 'D', 'E'].includes(event.action));
    const one = await request(t.baseUrl)
      .get(`/fhir/AuditEvent/${event.id}`)
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    assert.equal(one.body.id, event.id);
    const ingestOnly = await request(t.baseUrl)
      .get('/fhir/AuditEvent')
      .query({ subtype: 'record.ingest', date: 'ge2000-01-01' })
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    assert.ok(
      ingestOnly.body.entry.every(
        (e: { resource: { subtype: { code: string }[] } }) =>
          e.resource.subtype[0]?.code === 'record.ingest',
      ),
    );
    const bad = await request(t.baseUrl)
      .get('/fhir/AuditEvent')
      .query({ flavour: 'x' })
      .set('Authorization', `Bearer ${auditor}`)
      .expect(400);
    assert.equal(bad.body.resourceType, 'OperationOutcome');
    await request(t.baseUrl)
      .get('/fhir/AuditEvent')
      .query({ date: 'ge2024-13-45' })
      .set('Authorization', `Bearer ${auditor}`)
      .expect(400);
    await request(t.baseUrl)
      .get('/fhir/AuditEvent/99999999')
      .set('Authorization', `Bearer ${auditor}`)
      .expect(404);
  });

  it('keeps audit_event append-only: update, delete and truncate fail even for the owner', async () => {
    await assert.rejects(db.query(`update audit_event set actor = 'x'`), /append-only/);
    await assert.rejects(db.query(`delete from audit_event`), /append-only/);
    await assert.rejects(db.query(`truncate audit_event`), /append-only/);
    await assert.rejects(
      db.query(`insert into audit_event (actor, action, outcome) values ('x', 'y', 'success')`),
    );
  });

  it('chains correctly under concurrent writers, and measures what the chain costs', async () => {
    const writes = Array.from({ length: 24 }, (_, i) =>
      request(t.baseUrl)
        .post('/api/records')
        .set('Authorization', `Bearer ${ingest}`)
        .send({ records: [person(100 + i)] }),
    );
    for (const res of await Promise.all(writes)) assert.equal(res.status, 200);
    const dataSource = t.app.get(DataSource);
    const audit = t.app.get(AuditService);
    const actor: Principal = {
      subject: 'bench',
      client: null,
      roles: ['admin'],
      permissions: permissionsOf(['admin']),
    };
    await db.query(`create table audit_bench (like audit_event including defaults)`);
    await db.query(
      `create sequence audit_bench_seq; alter table audit_bench alter column seq set default nextval('audit_bench_seq')`,
    );
    // The service's role writes the plain table as it writes audit_event: INSERT only.
    const serviceRole = decodeURIComponent(new URL(String(t.env.DATABASE_URL)).username);
    await db.query(
      `grant insert on audit_bench to ${serviceRole}; grant usage on sequence audit_bench_seq to ${serviceRole}`,
    );
    const run = async (
      work: () => Promise<unknown>,
      n: number,
      workers: number,
    ): Promise<number> => {
      const started = process.hrtime.bigint();
      let left = n;
      await Promise.all(
        Array.from({ length: workers }, async () => {
          while (left-- > 0) await work();
        }),
      );
      return n / (Number(process.hrtime.bigint() - started) / 1e9);
    };
    const chainedWrite = () =>
      dataSource.transaction((m) =>
        audit.record(m, actor, { action: 'bench', outcome: 'success', detail: { n: 1 } }),
      );
    const plainWrite = () =>
      dataSource.transaction((m) =>
        m.query(
          `insert into audit_bench (actor, action, outcome, detail) values ('bench', 'bench', 'success', '{"n":1}')`,
        ),
      );
    for (const workers of [1, 8]) {
      const chained = await run(chainedWrite, 200, workers);
      const plain = await run(plainWrite, 200, workers);
      console.log(
        `audit chain cost, ${workers} writer(s): ${chained.toFixed(0)} chained events/s vs ${plain.toFixed(0)} plain inserts/s`,
      );
    }
    const verify = await runCli(['audit', 'verify'], t.env);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /audit chain intact: \d+ events/);
  });

  it('chains optimistic (detached) appends of two instances between locked appends without a fork or a loss', async () => {
    const dataSource = t.app.get(DataSource);
    const here = t.app.get(AuditService);
    // Another service instance on the same database: its own guess of the chain's tail.
    const there = new AuditService(t.app.get<Secrets>(SECRETS), dataSource);
    const actor: Principal = {
      subject: 'disclosure-bench',
      client: null,
      roles: ['match'],
      permissions: permissionsOf(['match']),
    };
    const entries = (tag: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        actor,
        entry: { action: 'match.query', outcome: 'success' as const, detail: { tag, i } },
        context: undefined,
      }));
    const before = Number((await db.query(`select count(*) from audit_event`)).rows[0].count);
    // Stale guesses on purpose: each instance appends, then the other moves the tail.
    await here.appendDetached(dataSource.manager, entries('a0', 2));
    await there.appendDetached(dataSource.manager, entries('b0', 3));
    await here.appendDetached(dataSource.manager, entries('a1', 1));
    await dataSource.transaction((m) =>
      here.record(m, actor, { action: 'locked', outcome: 'success', detail: { tag: 'l0' } }),
    );
    await there.appendDetached(dataSource.manager, entries('b1', 2));
    // And all at once: detached batches of both instances racing locked appends.
    await Promise.all([
      ...Array.from({ length: 6 }, (_, k) =>
        (k % 2 ? here : there).appendDetached(dataSource.manager, entries(`r${k}`, 1 + (k % 3))),
      ),
      ...Array.from({ length: 4 }, (_, k) =>
        dataSource.transaction((m) =>
          there.record(m, actor, { action: 'locked', outcome: 'success', detail: { k } }),
        ),
      ),
    ]);
    const appended = 2 + 3 + 1 + 1 + 2 + (1 + 2 + 3 + 1 + 2 + 3) + 4;
    const after = await db.query(
      `select count(*)::int as n, max(seq) - min(seq) + 1 as span from audit_event where seq > (
         select coalesce(max(seq), 0) from (select seq from audit_event order by seq limit $1) s)`,
      [before],
    );
    assert.equal(after.rows[0].n, appended, 'every event written once');
    assert.equal(Number(after.rows[0].span), appended, 'sequence numbers without a gap');
    const tail = await db.query(`select seq from audit_chain_tail`);
    const last = await db.query(`select max(seq) as seq from audit_event`);
    assert.equal(tail.rows[0].seq, last.rows[0].seq, 'the tail names the last event');
    const verify = await runCli(['audit', 'verify'], t.env);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /audit chain intact: \d+ events/);
  });

  it('detects one tampered row (trigger disabled by the owner), names it, and a removed last event', async () => {
    const target = (
      await db.query(
        `select seq::text as seq, actor from audit_event where action = 'record.ingest' order by seq limit 1`,
      )
    ).rows[0] as { seq: string; actor: string };
    await db.query(`alter table audit_event disable trigger audit_event_append_only`);
    await db.query(`update audit_event set actor = 'someone-else' where seq = $1`, [target.seq]);
    await db.query(`alter table audit_event enable trigger audit_event_append_only`);
    const broken = await runCli(['audit', 'verify'], t.env);
    assert.equal(broken.code, 4);
    assert.match(broken.stdout, new RegExp(`BROKEN at event ${target.seq}: hash does not match`));
    await db.query(`alter table audit_event disable trigger audit_event_append_only`);
    await db.query(`update audit_event set actor = $2 where seq = $1`, [target.seq, target.actor]);
    const [removed] = (
      await db.query(
        `select e.seq::text as seq, row_to_json(e) as row from audit_event e order by e.seq desc limit 1`,
      )
    ).rows as { seq: string; row: unknown }[];
    await db.query(`delete from audit_event where seq = $1`, [removed!.seq]);
    await db.query(`alter table audit_event enable trigger audit_event_append_only`);
    const cut = await runCli(['audit', 'verify'], t.env);
    // The trail as it was, for the other cases: the removed event back in its place.
    await db.query(
      `insert into audit_event select * from json_populate_record(null::audit_event, $1::json)`,
      [JSON.stringify(removed!.row)],
    );
    assert.equal(cut.code, 4);
    assert.match(cut.stdout, new RegExp(`BROKEN at event ${removed!.seq}: .*removed`));
    const restored = await runCli(['audit', 'verify'], t.env);
    assert.equal(restored.code, 0, restored.stdout);
  });
});
