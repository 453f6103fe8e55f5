import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDatabase, dropDatabase } from '../database/database-admin';
import { startEmbedded } from '../database/database-server';

/**
 * A database to throw away after use: a new database on DATABASE_URL's server, or a
 * throw-away embedded server. The environment is pointed at it, with fresh keys.
 */
export async function withScratchDatabase<T>(work: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-scratch-'));
  // The embedded server runs as its own OS user when we are root: it must reach its folder.
  fs.chmodSync(dataDir, 0o755);
  let cleanup: () => Promise<void>;
  if (process.env.DATABASE_URL) {
    const name = `mpi_scratch_${randomBytes(4).toString('hex')}`;
    const serverUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = await createDatabase(serverUrl, name);
    cleanup = () => dropDatabase(serverUrl, name);
  } else {
    const server = await startEmbedded({ dir: path.join(dataDir, 'pg'), persistent: false });
    process.env.DATABASE_URL = server.url;
    cleanup = () => server.release();
  }
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
