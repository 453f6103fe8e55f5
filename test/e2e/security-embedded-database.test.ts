import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { DatabaseServer, startEmbedded } from '../../src/database/database-server';

/**
 * Finding 6 of the outside review: the embedded server's superuser was `mpi`/`mpi` on
 * 127.0.0.1 with a world-readable port file, so any local process could read the
 * demographics, switch off the audit triggers and run programs.
 */
async function connects(config: ConstructorParameters<typeof Client>[0]): Promise<boolean> {
  const client = new Client(config);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const mode = (file: string): number => fs.statSync(file).mode & 0o777;

describe('the embedded database is private to its user', () => {
  let dir: string;
  let server: DatabaseServer;
  let port: number;

  before(async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-pg-'));
    // mkdtemp makes 0700; as root, postgres runs as `postgres` and must pass through.
    fs.chmodSync(parent, 0o711);
    dir = path.join(parent, 'pg');
    server = await startEmbedded({ dir, persistent: true });
    port = Number(fs.readFileSync(path.join(dir, 'port'), 'utf8'));
  });
  after(async () => {
    await server.release();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('keeps generated passwords and the port in files only the owner reads', () => {
    const password = fs.readFileSync(path.join(dir, 'password'), 'utf8');
    assert.match(password, /^[0-9a-f]{48}$/);
    assert.equal(mode(path.join(dir, 'password')), 0o600);
    const service = fs.readFileSync(path.join(dir, 'service-password'), 'utf8');
    assert.match(service, /^[0-9a-f]{48}$/);
    assert.notEqual(service, password);
    assert.equal(mode(path.join(dir, 'service-password')), 0o600);
    assert.equal(mode(path.join(dir, 'port')), 0o600);
    assert.equal(mode(path.join(dir, 'sock')), 0o700);
    // Root runs postgres as `postgres`, which must pass through (0711); anyone else gets 0700.
    assert.equal(mode(dir), process.getuid?.() === 0 ? 0o711 : 0o700);
  });

  it('gives the service a role of its own, apart from the owner', async () => {
    const client = new Client({ connectionString: server.url });
    await client.connect();
    const role = await client.query(
      `select rolname, rolsuper, rolcreatedb, rolcreaterole from pg_roles where rolname = current_user`,
    );
    await client.end();
    assert.deepEqual(role.rows, [
      { rolname: 'mpi_app', rolsuper: false, rolcreatedb: false, rolcreaterole: false },
    ]);
    assert.notEqual(server.url, server.ownerUrl);
  });

  it('answers on its Unix socket with the password, and not on TCP, nor to mpi/mpi', async () => {
    assert.equal(await connects({ connectionString: server.url }), true);
    assert.equal(await connects({ connectionString: server.ownerUrl }), true);
    const socketDir = path.join(dir, 'sock');
    assert.equal(
      await connects({ host: socketDir, port, user: 'mpi', password: 'mpi', database: 'mpi' }),
      false,
    );
    const password = fs.readFileSync(path.join(dir, 'password'), 'utf8');
    assert.equal(
      await connects({ host: '127.0.0.1', port, user: 'mpi', password, database: 'mpi' }),
      false,
      'TCP is off',
    );
  });

  it('lets a second process of the same folder use the running server', async () => {
    const second = await startEmbedded({ dir, persistent: true });
    assert.equal(second.url, server.url);
    await second.release();
    assert.equal(await connects({ connectionString: server.url }), true);
  });

  it('replaces the former fixed password of a cluster made before, at its next start', async () => {
    const client = new Client({ connectionString: server.ownerUrl });
    await client.connect();
    await client.query(`alter role mpi password 'mpi'`);
    await client.end();
    await server.release();
    fs.rmSync(path.join(dir, 'password'));
    server = await startEmbedded({ dir, persistent: true });
    const password = fs.readFileSync(path.join(dir, 'password'), 'utf8');
    assert.notEqual(password, 'mpi');
    assert.equal(await connects({ connectionString: server.ownerUrl }), true);
    assert.equal(await connects({ connectionString: server.url }), true);
    port = Number(fs.readFileSync(path.join(dir, 'port'), 'utf8'));
    assert.equal(
      await connects({
        host: path.join(dir, 'sock'),
        port,
        user: 'mpi',
        password: 'mpi',
        database: 'mpi',
      }),
      false,
    );
  });
});
