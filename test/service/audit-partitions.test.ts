import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditPartitions } from '../../src/audit/audit-partitions';
import { findAuditEvent, searchAuditEvents } from '../../src/audit/audit-event.repository';
import { verifyAuditChain } from '../../src/audit/audit-verifier';
import { AuditService } from '../../src/audit/audit.service';
import { SECRETS } from '../../src/config/config.module';
import { Secrets } from '../../src/config/key-material';
import { NO_SESSION_LIMITS, dataSourceOptions } from '../../src/database/data-source-options';
import { Services, actor, startServices } from '../support/service-context';

/** The audit trail partitioned by month of `at` (migration 1767600000000). */

const MIGRATION = 'AuditEventByMonth1767600000000';

/** The month partition's name for a UTC date, as the migration names it. */
function monthOf(at: Date): string {
  return `audit_event_y${at.getUTCFullYear()}m${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

function monthsFromNow(months: number, day = 15): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, day, 12));
}

/** The owner's connection (migrations, and rows written around the chain on purpose). */
async function asOwner<T>(work: (owner: Client) => Promise<T>): Promise<T> {
  const owner = new Client({ connectionString: process.env.MPI_DATABASE_OWNER_URL });
  await owner.connect();
  try {
    return await work(owner);
  } finally {
    await owner.end();
  }
}

/** A row outside the chain (seq below where it starts), dated `at`. */
async function insertUnchained(seq: number, at: Date, table = 'audit_event'): Promise<void> {
  await asOwner((owner) =>
    owner.query(
      `insert into ${table} (seq, at, actor, action, outcome, prev_hash, hash)
       values ($1, $2, 'partition-test', 'test.row', 'success', 'p', 'h')`,
      [seq, at],
    ),
  );
}

async function partitionOf(s: Services, seq: number | string): Promise<string | undefined> {
  const rows = await s.rows<{ part: string }>(
    `select tableoid::regclass::text as part from audit_event where seq = $1`,
    [seq],
  );
  return rows[0]?.part;
}

describe('the audit trail partitioned by month', () => {
  let s: Services;
  before(async () => {
    s = await startServices('audit-partitions');
  });
  after(async () => {
    await s.close();
  });

  it('has this month and the next two made at start, and a default partition', async () => {
    const parts = await s.rows<{ name: string }>(
      `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'audit_event'::regclass order by 1`,
    );
    const names = parts.map((p) => p.name);
    for (const m of [0, 1, 2]) assert.ok(names.includes(monthOf(monthsFromNow(m))), names.join());
    assert.ok(names.includes('audit_event_default'));
    assert.equal(await s.get(AuditPartitions).addAhead(), 0, 'nothing missing, nothing made');
  });

  it('an event the service records lands in the current month', async () => {
    await s.get(AuditService).recordAlone(actor('partition-reader'), {
      action: 'person.read',
      outcome: 'success',
    });
    const rows = await s.rows<{ part: string; at: Date }>(
      `select tableoid::regclass::text as part, at from audit_event where actor = 'partition-reader'`,
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.part, monthOf(rows[0]?.at ?? new Date(0)));
  });

  it('rows land in their month, at the month`s edges too', async () => {
    const next = monthsFromNow(1, 1);
    const lastInstantOfThisMonth = new Date(next.getTime() - 12 * 3600_000 - 1);
    const firstInstantOfNext = new Date(next.getTime() - 12 * 3600_000);
    await insertUnchained(-1, lastInstantOfThisMonth);
    await insertUnchained(-2, firstInstantOfNext);
    await insertUnchained(-3, monthsFromNow(2, 28));
    assert.equal(await partitionOf(s, -1), monthOf(monthsFromNow(0)));
    assert.equal(await partitionOf(s, -2), monthOf(monthsFromNow(1)));
    assert.equal(await partitionOf(s, -3), monthOf(monthsFromNow(2)));
  });

  it('a row dated far ahead still goes in, and moves to its month when that is made', async () => {
    const farAhead = new Date(Date.UTC(2100, 5, 30, 23, 59, 59, 999));
    await insertUnchained(-4, farAhead);
    await insertUnchained(-5, new Date(Date.UTC(2200, 0, 1)));
    assert.equal(await partitionOf(s, -4), 'audit_event_default');
    const before = await s.rows(`select to_jsonb(a) as row from audit_event a where seq = -4`);

    await asOwner((owner) => owner.query(`select audit_event_month_partition('2100-06-01')`));

    assert.equal(await partitionOf(s, -4), 'audit_event_y2100m06');
    assert.equal(await partitionOf(s, -5), 'audit_event_default');
    assert.deepEqual(
      await s.rows(`select to_jsonb(a) as row from audit_event a where seq = -4`),
      before,
    );
    await assert.rejects(
      asOwner((owner) => owner.query(`delete from audit_event_default`)),
      /append-only/,
      'the default partition is append-only again once its rows have moved',
    );
  });

  it('searches read across months, newest first, and find an event by its seq', async () => {
    const page = await searchAuditEvents(s.dataSource, {
      actor: 'partition-test',
      from: new Date(Date.UTC(2000, 0, 1)),
      limit: 10,
      offset: 0,
    });
    assert.equal(page.total, 5);
    assert.deepEqual(
      page.events.map((e) => e.seq),
      ['-1', '-2', '-3', '-4', '-5'],
    );
    const found = await findAuditEvent(s.dataSource, '-3');
    assert.equal(found?.at.getTime(), monthsFromNow(2, 28).getTime());
  });

  it('a truncate of one month is refused, as of the whole trail', async () => {
    const month = monthOf(monthsFromNow(0));
    await assert.rejects(
      asOwner((owner) => owner.query(`truncate ${month}`)),
      /append-only/,
    );
  });
});

describe('the migration to monthly partitions', () => {
  let s: Services;
  before(async () => {
    s = await startServices('audit-partition-migration');
  });
  after(async () => {
    await s.close();
  });

  it('converts a table with rows, keeping every row, its chain and its reads', async () => {
    const audit = s.get(AuditService);
    for (let i = 0; i < 5; i++)
      await audit.recordAlone(actor(`migrated-${i}`), {
        action: 'person.read',
        outcome: 'success',
      });
    await undoPartitioning();
    const plain = await s.rows<{ kind: string }>(
      `select relkind::text as kind from pg_class where oid = 'audit_event'::regclass`,
    );
    assert.equal(plain[0]?.kind, 'r', 'back to one table');
    // Events from before the chain, of months long past and of this one.
    await insertUnchained(-10, new Date(Date.UTC(2019, 0, 31, 23, 59, 59)));
    await insertUnchained(-11, new Date(Date.UTC(2019, 1, 1)));
    await insertUnchained(-12, new Date(Date.UTC(2024, 6, 14)));
    const dump = `select to_jsonb(a) as row from audit_event a order by seq`;
    const rowsBefore = await asOwner((o) => o.query(dump));

    s = await s.restart({}); // the upgrade: the pending migration runs at start

    const kind = await s.rows<{ kind: string }>(
      `select relkind::text as kind from pg_class where oid = 'audit_event'::regclass`,
    );
    assert.equal(kind[0]?.kind, 'p', 'partitioned');
    assert.deepEqual(await s.rows(dump), rowsBefore.rows);
    assert.equal(await partitionOf(s, -10), 'audit_event_y2019m01');
    assert.equal(await partitionOf(s, -11), 'audit_event_y2019m02');
    assert.equal(await partitionOf(s, -12), 'audit_event_y2024m07');
    const secrets = s.app.get<Secrets>(SECRETS);
    const report = await verifyAuditChain(s.dataSource, { key: secrets.auditKey });
    assert.equal(report.intact, true, JSON.stringify(report.firstBreak));
    assert.equal(report.legacy, 3);
    assert.ok(report.checked >= 5);

    await s
      .get(AuditService)
      .recordAlone(actor('after-migration'), { action: 'person.read', outcome: 'success' });
    const page = await searchAuditEvents(s.dataSource, {
      action: 'person.read',
      limit: 100,
      offset: 0,
    });
    assert.ok(page.events.some((e) => e.actor === 'after-migration'));
    assert.ok(page.events.some((e) => e.actor === 'migrated-0'));
    const again = await verifyAuditChain(s.dataSource, { key: secrets.auditKey });
    assert.equal(again.intact, true, JSON.stringify(again.firstBreak));
  });
});

/** Runs the owner's down migrations until the partitioning one is undone. */
async function undoPartitioning(): Promise<void> {
  const url = process.env.MPI_DATABASE_OWNER_URL ?? '';
  const owner = new DataSource(dataSourceOptions(url, NO_SESSION_LIMITS));
  await owner.initialize();
  try {
    const applied = async (): Promise<boolean> => {
      const rows: unknown[] = await owner.query(`select 1 from migrations where name = $1`, [
        MIGRATION,
      ]);
      return rows.length > 0;
    };
    while (await applied()) await owner.undoLastMigration({ transaction: 'each' });
  } finally {
    await owner.destroy();
  }
}
