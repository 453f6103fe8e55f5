import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ChainedAuditEvent, eventHash } from '../../src/audit/audit-chain';
import { chainedEventsFrom } from '../../src/audit/audit-event.repository';
import { runCli } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Finding 5 of the outside review: one `update audit_chain_tail set start_seq = seq, hash =
 * ...` made `mpi audit verify` report the chain intact, and the hash was unkeyed SHA-256, so
 * whoever could write the tables could re-chain edited events.
 */
describe('a keyed audit chain with a fixed start and external checkpoints', () => {
  let t: TestApp;
  let db: Client;

  before(async () => {
    t = await startTestApp('security_audit_chain', {
      MPI_RATE_LIMIT: '0',
      MPI_AUDIT_KEY: randomBytes(32).toString('base64'),
    });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    const admin = await t.token('admin');
    for (let i = 0; i < 3; i++) {
      await request(t.baseUrl)
        .post('/api/records')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          records: [{ source: 'chain-clinic', source_id: `C-${i}`, family_name: `Ng${i}` }],
        })
        .expect(200);
    }
  });
  after(async () => {
    await db.end();
    await t.close();
  });

  const verify = (...extra: string[]) => runCli(['audit', 'verify', ...extra], t.env);

  /** What an owner without the audit key can do: edit an event and chain everything anew. */
  async function rechainFrom(seq: string, hash: (event: ChainedAuditEvent) => string) {
    const events: ChainedAuditEvent[] = [];
    for await (const e of chainedEventsFrom(t.app.get(DataSource), String(BigInt(seq) - 1n)))
      events.push(e);
    let prevHash = events[0]?.prevHash ?? '';
    await db.query(`alter table audit_event disable trigger audit_event_append_only`);
    for (const event of events) {
      const edited = { ...event, actor: event.seq === seq ? 'nobody' : event.actor, prevHash };
      const newHash = hash(edited);
      await db.query(
        `update audit_event set actor = $2, prev_hash = $3, hash = $4 where seq = $1`,
        [event.seq, edited.actor, prevHash, newHash],
      );
      prevHash = newHash;
    }
    await db.query(`alter table audit_event enable trigger audit_event_append_only`);
    await db.query(`update audit_chain_tail set hash = $1`, [prevHash]);
  }

  it('checkpoints the verified tail, and verify --expect finds it', async () => {
    const checkpoint = await runCli(['audit', 'checkpoint'], t.env);
    assert.equal(checkpoint.code, 0, checkpoint.stderr);
    const hash = checkpoint.stdout.trim();
    assert.match(hash, /^[0-9a-f]{64}$/);
    const found = await verify('--expect', hash);
    assert.equal(found.code, 0, found.stdout);
    assert.match(found.stdout, /checkpoint found/);
    assert.equal((await verify('--expect', 'not-a-hash')).code, 2);
  });

  it('refuses to move the chain`s start or its tail backwards, even for the owner', async () => {
    await assert.rejects(
      db.query(`update audit_chain_tail set start_seq = seq, hash = repeat('0', 64)`),
      /fixed/,
    );
    await assert.rejects(db.query(`update audit_chain_tail set keyed_from_seq = seq`), /fixed/);
    await assert.rejects(db.query(`update audit_chain_tail set seq = seq - 1`), /forward/);
    assert.equal((await verify()).code, 0);
  });

  it('detects events re-chained without the key: SHA-256, or HMAC under another key', async () => {
    const target = (
      await db.query(
        `select seq::text as seq from audit_event where action = 'record.ingest' order by seq desc limit 1`,
      )
    ).rows[0] as { seq: string };
    const original = await db.query(`select seq, actor, prev_hash, hash from audit_event`);
    const tail = await db.query(`select hash from audit_chain_tail`);
    await rechainFrom(target.seq, (e) => eventHash({ ...e, version: 1 }));
    const plain = await verify();
    assert.equal(plain.code, 4);
    assert.match(plain.stdout, new RegExp(`BROKEN at event ${target.seq}: hash does not match`));
    await rechainFrom(target.seq, (e) => eventHash({ ...e, version: 2 }, randomBytes(32)));
    assert.equal((await verify()).code, 4);
    // Put the trail back as it was, for the other cases.
    await db.query(`alter table audit_event disable trigger audit_event_append_only`);
    for (const row of original.rows as {
      seq: string;
      actor: string;
      prev_hash: string;
      hash: string;
    }[])
      await db.query(
        `update audit_event set actor = $2, prev_hash = $3, hash = $4 where seq = $1`,
        [row.seq, row.actor, row.prev_hash, row.hash],
      );
    await db.query(`alter table audit_event enable trigger audit_event_append_only`);
    await db.query(`update audit_chain_tail set hash = $1`, [tail.rows[0].hash]);
    assert.equal((await verify()).code, 0);
  });

  it('catches the review`s silencing by an owner who drops the trigger: the checkpoint is gone', async () => {
    const checkpoint = (await runCli(['audit', 'checkpoint'], t.env)).stdout.trim();
    const setTail = async (startSeq: string, hash: string): Promise<void> => {
      await db.query(`alter table audit_chain_tail disable trigger audit_chain_tail_forward_only`);
      await db.query(`update audit_chain_tail set start_seq = $1, hash = $2`, [startSeq, hash]);
      await db.query(`alter table audit_chain_tail enable trigger audit_chain_tail_forward_only`);
    };
    const [tail] = (await db.query(`select start_seq::text, seq::text, hash from audit_chain_tail`))
      .rows as { start_seq: string; seq: string; hash: string }[];
    await setTail(tail!.seq, '0'.repeat(64));
    try {
      // Nothing left to check looks intact on its own...
      assert.equal((await verify()).code, 0);
      // ...but not against a tail hash kept outside the database.
      const checked = await verify('--expect', checkpoint);
      assert.equal(checked.code, 4);
      assert.match(checked.stdout, /checkpoint hash is not in the chain/);
    } finally {
      // The trail as it was, for the other cases.
      await setTail(tail!.start_seq, tail!.hash);
    }
  });
});
