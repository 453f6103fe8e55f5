import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as net from 'node:net';
import { Client } from 'pg';
import { MllpListener } from '../../src/hl7/mllp-listener';
import { closeApp } from '../../src/http-app';
import { field, frame, hl7 } from '../support/mllp';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Shutdown drains the MLLP listener: it stops accepting, the message in progress is committed
 * and acknowledged, then the connection closes. The message is held in progress by a test
 * transaction locking the audit chain's tail, which every ingest appends to last.
 */
describe('MLLP listener shutdown', () => {
  let t: TestApp;
  let port = 0;

  before(async () => {
    t = await startTestApp('hl7_drain', { MPI_HL7_PORT: '0', MPI_HL7_DOMAINS: 'HOSPA' });
    port = t.app.get(MllpListener).port() ?? 0;
  });

  // Closing an app twice is harmless: this also drops the suite's database.
  after(() => t.close());

  it('answers the message in progress, refuses new connections, then closes', async () => {
    const blocker = new Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select 1 from audit_chain_tail where id = 1 for update');
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (d: Buffer) => (received += d.toString('utf8')));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      frame(
        hl7(`
          MSH|^~\\&|REG|HOSPA|MPI|MPI|20261206120000||ADT^A04^ADT_A01|DRAIN-1|P|2.5
          PID|||DR1^^^HOSPA^MR||DRAIN^DORA||19700707|F
        `),
      ),
    );
    // The ingest waits on the tail lock: the message is in progress.
    for (let i = 0; i < 200; i++) {
      const waiting = await blocker.query(
        `select count(*)::int n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
      );
      if ((waiting.rows[0] as { n: number }).n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const shutdown = closeApp(t.app);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await new Promise<boolean>((resolve) => {
      const late = net.connect(port, '127.0.0.1');
      late.on('connect', () => {
        late.destroy();
        resolve(false);
      });
      late.on('error', () => resolve(true));
    });
    assert.ok(refused, 'no new connection once shutdown began');
    assert.equal(received, '');
    await blocker.query('rollback');
    await blocker.end();
    await ended;
    await shutdown;
    const ack = received.slice(1, received.indexOf('\x1c'));
    assert.equal(field(ack, 'MSA', 1), 'AA');
    assert.equal(field(ack, 'MSA', 2), 'DRAIN-1');
  });
});
