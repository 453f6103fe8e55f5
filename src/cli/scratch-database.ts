import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withEnvironment } from '../config/environment';
import { loadConfig } from '../config/load-config';
import { createDatabase, dropDatabase } from '../database/database-admin';
import { startEmbedded } from '../database/database-server';

/**
 * A database to throw away after use: a new database on DATABASE_URL's server (made with the
 * owner's connection when MPI_DATABASE_OWNER_URL names one), or a throw-away embedded server.
 * The environment is pointed at it, with fresh keys. The work runs as the scratch store's
 * owner (DATABASE_URL and MPI_DATABASE_OWNER_URL alike): `mpi eval` forgets every link
 * between its passes, which the service's own role may not.
 */
export async function withScratchDatabase<T>(work: () => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-scratch-'));
  // The embedded server runs as its own OS user when we are root: it must reach its folder.
  fs.chmodSync(dataDir, 0o755);
  const { url, cleanup } = await scratchServer(dataDir);
  try {
    return await withEnvironment(
      {
        DATABASE_URL: url,
        MPI_DATABASE_OWNER_URL: url,
        MPI_DATA_DIR: dataDir,
        MPI_TOKEN_KEYS: `scratch:${randomBytes(32).toString('base64')}`,
        MPI_JWT_SECRET: randomBytes(32).toString('base64'),
      },
      work,
    );
  } finally {
    await cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A new database on the owner's (else DATABASE_URL's) server, else a throw-away embedded one. */
async function scratchServer(
  dataDir: string,
): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const database = loadConfig().database;
  const serverUrl = database.ownerUrl ?? database.url;
  if (serverUrl) {
    const name = `mpi_scratch_${randomBytes(4).toString('hex')}`;
    return {
      url: await createDatabase(serverUrl, name),
      cleanup: () => dropDatabase(serverUrl, name),
    };
  }
  const server = await startEmbedded({
    dir: path.join(dataDir, 'pg'),
    persistent: false,
    sharedBuffersMb: database.sharedBuffersMb,
  });
  return { url: server.ownerUrl, cleanup: () => server.release() };
}
