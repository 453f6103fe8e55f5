import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbedded } from '../database/database-server';

/**
 * A database to throw away after use: a new database on DATABASE_URL's server (made with the
 * owner's connection when MPI_DATABASE_OWNER_URL names one), or a throw-away embedded server.
 * The environment is pointed at it, with fresh keys. The work runs as the scratch store's
 * owner (DATABASE_URL and MPI_DATABASE_OWNER_URL alike): `mpi eval` forgets every link
 * between its passes, which the service's own role may not.
 */
export async function withScratchDatabase<T>(work: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-scratch-'));
  // The embedded server runs as its own OS user when we are root: it must reach its folder.
  fs.chmodSync(dataDir, 0o755);
  let cleanup: () => Promise<void>;
  const serverUrl = process.env.MPI_DATABASE_OWNER_URL || process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `mpi_scratch_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    cleanup = async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    const server = await startEmbedded({ dir: path.join(dataDir, 'pg'), persistent: false });
    process.env.DATABASE_URL = server.ownerUrl;
    cleanup = () => server.release();
  }
  process.env.MPI_DATABASE_OWNER_URL = process.env.DATABASE_URL;
  process.env.MPI_DATA_DIR = dataDir;
  process.env.MPI_TOKEN_KEYS = `scratch:${randomBytes(32).toString('base64')}`;
  process.env.MPI_JWT_SECRET = randomBytes(32).toString('base64');
  try {
    return await work();
  } finally {
    process.env = saved;
    await cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
