import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as net from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { MllpListener } from '../../src/hl7/mllp-listener';
import { runCli } from '../support/cli';
import { field, frame, hl7, sendRaw } from '../support/mllp';
import { TestApp, startTestApp } from '../support/test-app';

/** The MLLP listener's framing edge cases over a raw socket, dead letters and the operator CLI. */
function a04(control: string, id: string): string {
  return hl7(`
    MSH|^~\\&|REG|HOSPA|MPI|MPI|20261206120000||ADT^A04^ADT_A01|${control}|P|2.5
    EVN|A04|20261206120000
    PID|||${id}^^^HOSPA^MR||SOCKET^SAM||19790909|M
    PV1||N
  `);
}

/** A frame that is no HL7 message: the listener dead-letters it and answers AR. */
function unreadable(secret: string): string {
  return `XYZ|not hl7 at all\r${secret}\r`;
}

describe('MLLP listener over a raw socket', () => {
  let t: TestApp;
  let port = 0;

  before(async () => {
    t = await startTestApp('hl7_socket', {
      MPI_HL7_PORT: '0',
      MPI_HL7_DOMAINS: 'HOSPA',
      MPI_HL7_MAX_CONNECTIONS: '3',
    });
    port = t.app.get(MllpListener).port() ?? 0;
  });

  after(() => t.close());

  const codes = (answers: string[]): string[] =>
    answers.map((a) => `${field(a, 'MSA', 1)} ${field(a, 'MSA', 2)}`);

  it('answers two frames written in one chunk, in order', async () => {
    const both = Buffer.concat([frame(a04('TWO-1', 'T1')), frame(a04('TWO-2', 'T2'))]);
    assert.deepEqual(codes(await sendRaw(port, [both], 2)), ['AA TWO-1', 'AA TWO-2']);
  });

  it('joins a frame whose FS and CR arrive apart, and one sent byte by byte', async () => {
    const whole = frame(a04('SPLIT-1', 'S1'));
    const split = [whole.subarray(0, whole.length - 1), whole.subarray(whole.length - 1)];
    const next = frame(a04('BYTE-1', 'S2'));
    const bytes = [...next].map((b) => Buffer.from([b]));
    assert.deepEqual(codes(await sendRaw(port, [...split, ...bytes], 2)), [
      'AA SPLIT-1',
      'AA BYTE-1',
    ]);
  });

  it('skips stray bytes before the start block (keep-alive line feeds)', async () => {
    const answers = await sendRaw(port, [Buffer.from('\n\n\r'), frame(a04('STRAY-1', 'S3'))], 1);
    assert.deepEqual(codes(answers), ['AA STRAY-1']);
  });

  it('dead-letters an unreadable frame encrypted, answers AR, lists and replays it by the CLI', async () => {
    const garbage = unreadable('PID|||DL1^^^HOSPA^MR||SECRETNAME^SUE');
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const count = async (): Promise<number> =>
        (await db.query('select count(*)::int as n from hl7_dead_letter')).rows[0].n as number;
      const before = await count();
      const [answer] = await sendRaw(port, [frame(garbage)], 1);
      assert.equal(field(answer ?? '', 'MSA', 1), 'AR');
      assert.equal(await count(), before + 1);
      const rows = (
        await db.query(
          'select id, payload_enc, size from hl7_dead_letter order by received_at desc limit 1',
        )
      ).rows as {
        id: string;
        payload_enc: string;
        size: number;
      }[];
      assert.equal(rows[0]?.size, garbage.length);
      assert.ok(!rows[0]?.payload_enc.includes('SECRETNAME'));
      assert.ok(
        !Buffer.from(rows[0]?.payload_enc.split('.')[3] ?? '', 'base64url')
          .toString('latin1')
          .includes('SECRETNAME'),
      );
      const listed = await runCli(['hl7', 'dead-letters'], t.env);
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, new RegExp(rows[0]?.id ?? 'missing'));
      assert.doesNotMatch(listed.stdout + listed.stderr, /SECRETNAME/);
      const replayed = await runCli(['hl7', 'dead-letters', 'replay', rows[0]?.id ?? ''], t.env);
      // Still unreadable: replay reports AR and marks the attempt.
      assert.equal(replayed.stdout.trim(), 'AR');
      const marked = await db.query('select replay_ack_code from hl7_dead_letter where id = $1', [
        rows[0]?.id,
      ]);
      assert.equal((marked.rows[0] as { replay_ack_code: string }).replay_ack_code, 'AR');
    } finally {
      await db.end();
    }
  });

  it('sends a file of messages with `mpi hl7 send` and prints each ACK', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hl7-send-')), 'batch.hl7');
    fs.writeFileSync(
      file,
      [a04('CLI-1', 'C1'), a04('CLI-2', 'C2')].map((m) => m.replace(/\r/g, '\n')).join(''),
    );
    const sent = await runCli(['hl7', 'send', file, '--port', String(port)], t.env);
    assert.equal(sent.code, 0, sent.stderr);
    assert.deepEqual(sent.stdout.trim().split('\n'), ['AA CLI-1', 'AA CLI-2']);
  });

  it('counts messages by type and ACK code for an admin, without control ids', async () => {
    assert.deepEqual(codes(await sendRaw(port, [frame(a04('COUNT-1', 'N1'))], 1)), ['AA COUNT-1']);
    await sendRaw(port, [frame(unreadable('PID|||DL2^^^HOSPA^MR||COUNTED^CARL'))], 1);
    const admin = await t.token('admin');
    const res = await request(t.baseUrl)
      .get('/api/hl7/counts')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const body = res.body as {
      messages: { type: string; ack: string; count: number }[];
      deadLetters: number;
    };
    const accepted = body.messages.find((m) => m.type === 'ADT^A04' && m.ack === 'AA');
    assert.ok((accepted?.count ?? 0) >= 1);
    assert.ok(body.deadLetters >= 1);
    assert.doesNotMatch(JSON.stringify(body), /COUNT-1|SOCKET|COUNTED/);
    await request(t.baseUrl)
      .get('/api/hl7/counts')
      .set('Authorization', `Bearer ${await t.token('ingest')}`)
      .expect(403);
  });

  it('refuses connections beyond the cap and keeps serving the ones it holds', async () => {
    const held = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<net.Socket>((resolve, reject) => {
            const s = net.connect(port, '127.0.0.1', () => resolve(s));
            s.on('error', reject);
          }),
      ),
    );
    try {
      const extra = net.connect(port, '127.0.0.1');
      const closed = await new Promise<boolean>((resolve) => {
        extra.on('close', () => resolve(true));
        extra.on('error', () => resolve(true));
        setTimeout(() => resolve(false), 3000);
      });
      assert.ok(closed, 'a fourth connection is closed');
    } finally {
      for (const s of held) s.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(codes(await sendRaw(port, [frame(a04('CAP-1', 'CP1'))], 1)), ['AA CAP-1']);
  });
});
