import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { signDevToken } from '../../src/auth/dev-token-signer';
import { DATABASE_SERVER } from '../../src/database/database.module';
import { DatabaseServer } from '../../src/database/database-server';
import { SERVICE_TABLE_GRANTS } from '../../src/database/service-grants';
import { closeApp, createHttpApp } from '../../src/http-app';
import { runCli } from '../support/cli';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Finding 6 of the outside review: the service connected as the schema's owner (the embedded
 * server's superuser), so whoever took over one of its sessions could rewrite the audit trail
 * with its triggers switched off, and run programs on the database host. The service now runs
 * as a role that owns nothing; each attack below is the review's, made as that role.
 */
const marker = path.join(os.tmpdir(), `mpi-pwned-${randomBytes(4).toString('hex')}`);

const ATTACKS: [string, string][] = [
  ['update the audit trail', `update audit_event set actor = 'someone-else'`],
  ['delete from the audit trail', `delete from audit_event`],
  ['truncate the audit trail', `truncate audit_event`],
  ['truncate a partition of the audit trail', `truncate audit_event_default`],
  ['delete from a partition of the audit trail', `delete from audit_event_default`],
  [
    'detach a month of the audit trail',
    `alter table audit_event detach partition audit_event_default`,
  ],
  [
    'make a partition of the audit trail by hand',
    `select audit_event_month_partition('2001-01-01')`,
  ],
  ['move where the audit chain starts', `update audit_chain_tail set start_seq = seq`],
  ['switch the append-only trigger off', `alter table audit_event disable trigger all`],
  ['drop the append-only trigger', `drop trigger audit_event_append_only on audit_event`],
  ['switch every trigger off for its session', `set session_replication_role = replica`],
  ['run a program on the database host', `copy audit_event to program 'cat > ${marker}'`],
  ['write a file on the database host', `copy audit_event to '${marker}'`],
  ['rewrite a golden record`s history', `update person_version set golden = '{}'`],
  ['delete a golden record`s history', `delete from person_version`],
  ['rewrite a link event', `update link_event set person_id = null, reason = 'x'`],
  ['delete link events', `delete from link_event`],
  ['truncate history', `truncate link_event, person_version cascade`],
  ['drop the audit trail', `drop table audit_event`],
  ['create a table', `create table harvest (value text)`],
  ['create a function', `create function harvest() returns int language sql as 'select 1'`],
  ['make itself a superuser', `alter role current_user superuser`],
];

async function asRole<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Each attack is refused for want of a privilege, not stopped by a trigger it could drop. */
function itRefusesEveryAttack(serviceUrl: () => string): void {
  for (const [what, sql] of ATTACKS) {
    it(`refuses the service's role to ${what}`, async () => {
      const error = await asRole(serviceUrl(), (c) =>
        c.query(sql).then(
          () => null,
          (e) => e,
        ),
      );
      assert.ok(error instanceof Error, `${sql} succeeded`);
      assert.equal((error as Error & { code?: string }).code, '42501', error.message);
      assert.doesNotMatch(error.message, /append-only/);
      assert.equal(fs.existsSync(marker), false);
    });
  }
}

/** The service's role holds on each table exactly what service-grants.ts lists. */
async function assertExactGrants(ownerUrl: string, role: string): Promise<void> {
  await asRole(ownerUrl, async (owner) => {
    const tables = await owner.query<{ name: string }>(
      `select tablename as name from pg_tables t
        where schemaname = current_schema()
          and not (select relispartition from pg_class where oid = format('%I.%I', schemaname, tablename)::regclass)
        order by 1`,
    );
    assert.deepEqual(
      tables.rows.map((t) => t.name),
      Object.keys(SERVICE_TABLE_GRANTS).sort(),
      'every table of the schema has its line in SERVICE_TABLE_GRANTS',
    );
    for (const [table, listed] of Object.entries(SERVICE_TABLE_GRANTS)) {
      const held = await owner.query<{ privilege: string }>(
        `select p as privilege from unnest(array['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p
          where has_table_privilege($1, $2, p)`,
        [role, table],
      );
      const tableWide = listed.filter((p) => !p.includes('(')).map((p) => p.toUpperCase());
      assert.deepEqual(held.rows.map((r) => r.privilege).sort(), tableWide.sort(), table);
      if (listed.includes('update')) continue;
      const updatable = await owner.query<{ name: string }>(
        `select attname as name from pg_attribute
          where attrelid = $2::regclass and attnum > 0 and not attisdropped
            and has_column_privilege($1, $2, attname, 'UPDATE') order by 1`,
        [role, table],
      );
      const columns = listed
        .find((p) => p.startsWith('update ('))
        ?.slice(8, -1)
        .split(', ');
      assert.deepEqual(
        updatable.rows.map((r) => r.name),
        (columns ?? []).sort(),
        table,
      );
    }
    // The audit trail's months are reached through audit_event alone.
    const partitions = await owner.query<{ name: string }>(
      `select c.relname as name from pg_class c
        where c.relkind = 'r' and c.relispartition and c.relnamespace = current_schema()::regnamespace
          and has_table_privilege($1, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')`,
      [role],
    );
    assert.deepEqual(partitions.rows, [], 'the service holds no privilege on a partition');
  });
}

describe('the embedded database: the service runs as mpi_app, which owns nothing', () => {
  let app: INestApplication;
  let server: DatabaseServer;
  let dataDir: string;
  const saved = { ...process.env };

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-role-'));
    // As root, postgres runs as `postgres` and must pass through to its folder.
    fs.chmodSync(dataDir, 0o711);
    for (const name of ['DATABASE_URL', 'MPI_DATABASE_OWNER_URL', 'MPI_TOKEN_KEYS'])
      delete process.env[name];
    delete process.env.MPI_JWT_SECRET;
    process.env.MPI_DATA_DIR = dataDir;
    app = await createHttpApp();
    await app.listen(0, '127.0.0.1');
    server = app.get<DatabaseServer>(DATABASE_SERVER);
    const keys = JSON.parse(fs.readFileSync(path.join(dataDir, 'dev-keys.json'), 'utf8')) as {
      jwtSecret: string;
    };
    const token = await signDevToken(Buffer.from(keys.jwtSecret, 'base64'), 'admin', 600);
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const ingested = await request(baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${token}`)
      .send({ records: [{ source: 'role-clinic', source_id: 'R-1', family_name: 'Okafor' }] })
      .expect(200);
    await request(baseUrl)
      .get(`/api/persons/${ingested.body.outcomes[0].personId}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
  });
  after(async () => {
    await closeApp(app);
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(marker, { force: true });
  });

  it('serves ingest, reads and their audit as mpi_app, a login role with no other attribute', async () => {
    const [role] = await asRole(server.url, async (c) => {
      const result = await c.query(
        `select rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls,
                (select count(*) from audit_event)::int as events
           from pg_roles where rolname = current_user`,
      );
      return result.rows;
    });
    assert.deepEqual(role, {
      rolname: 'mpi_app',
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
      events: role.events,
    });
    assert.ok(role.events >= 2, 'the ingest and the read are in the audit trail');
  });

  it('grants mpi_app exactly the privileges listed, table by table', () =>
    assertExactGrants(server.ownerUrl, 'mpi_app'));

  it('lets mpi_app refresh the planner statistics only through the owner`s function', async () => {
    await asRole(server.url, (c) => c.query(`select refresh_planner_statistics()`));
    const analyzed = await asRole(server.url, (c) =>
      c.query(`select last_analyze from pg_stat_user_tables where relname = 'source_record'`),
    );
    assert.notEqual(analyzed.rows[0]?.last_analyze, null);
  });

  itRefusesEveryAttack(() => server.url);
});

describe('DATABASE_URL with MPI_DATABASE_OWNER_URL: the owner migrates, the service is granted', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp('security_database_role', { MPI_RATE_LIMIT: '0' });
    const admin = await t.token('admin');
    await request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${admin}`)
      .send({ records: [{ source: 'role-clinic', source_id: 'R-2', family_name: 'Adeyemi' }] })
      .expect(200);
  });
  after(() => t.close());

  const serviceUrl = () => String(t.env.DATABASE_URL);

  it('grants the service`s role exactly the privileges listed, table by table', async () => {
    const role = decodeURIComponent(new URL(serviceUrl()).username);
    await assertExactGrants(t.databaseUrl, role);
  });

  itRefusesEveryAttack(serviceUrl);

  it('still lets the owner do what the review did: the attacks are real, the service is not the owner', async () => {
    await asRole(t.databaseUrl, (c) => c.query(`copy (select 1) to program 'cat > ${marker}'`));
    assert.equal(fs.existsSync(marker), true);
    fs.rmSync(marker, { force: true });
  });
});

describe('mpi db grants: the same grants, applied by a database administrator', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    db = await createTestDatabase('db_grants');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-grants-'));
    env = {
      ...process.env,
      MPI_DATA_DIR: dataDir,
      MPI_TOKEN_KEYS: `g1:${randomBytes(32).toString('base64')}`,
      MPI_JWT_SECRET: randomBytes(32).toString('base64'),
    };
    delete env.MPI_DATABASE_OWNER_URL;
  });
  after(() => db.drop());

  it('warns a service that owns the schema, and runs on a role granted by the printed script', async () => {
    const asOwner = await runCli(['audit', 'verify'], { ...env, DATABASE_URL: db.url });
    assert.equal(asOwner.code, 0, asOwner.stderr);
    assert.match(asOwner.stdout + asOwner.stderr, /superuser|owns the schema/);
    const role = decodeURIComponent(new URL(db.serviceUrl).username);
    const script = await runCli(['db', 'grants', '--role', role], env);
    assert.equal(script.code, 0, script.stderr);
    await asRole(db.url, (c) => c.query(script.stdout));
    const asService = await runCli(['audit', 'verify'], { ...env, DATABASE_URL: db.serviceUrl });
    assert.equal(asService.code, 0, asService.stderr);
    assert.doesNotMatch(asService.stdout + asService.stderr, /superuser|owns the schema/);
    await assertExactGrants(db.url, role);
  });

  it('refuses a role name that is not a plain identifier', async () => {
    const bad = await runCli(['db', 'grants', '--role', 'x"; drop table audit_event; --'], env);
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
  });
});
