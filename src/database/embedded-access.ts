import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onServer } from './database-admin';

/**
 * How the embedded server is reached, kept private to the user running it:
 *   - its superuser's password is generated on first start and kept in `<dir>/password`
 *     (mode 0600, beside the data in a 0700 folder), never the former fixed `mpi`;
 *   - it listens on a Unix socket in `<dir>/sock` (mode 0700) and on no TCP port, so no other
 *     local user reaches it at all. A socket path is limited to about 100 bytes: a data folder
 *     too deep for one falls back to TCP on 127.0.0.1, still behind the password.
 */
export interface EmbeddedAccess {
  password: string;
  /** null: TCP on 127.0.0.1. */
  socketDir: string | null;
}

/** The password of clusters made before passwords were generated. */
export const LEGACY_PASSWORD = 'mpi';
const MAX_SOCKET_PATH = 100;

/**
 * A folder only its owner may enter. When this process is root, postgres runs as the
 * `postgres` user and must pass through the server's folder to its data and socket: that
 * folder is 0711 then (enter, not list), and the files in it keep their own 0600.
 */
export function privateDir(dir: string, passThrough = false): void {
  const mode = passThrough ? 0o711 : 0o700;
  fs.mkdirSync(dir, { recursive: true, mode });
  fs.chmodSync(dir, mode);
}

/** Writes a file only its owner can read (created so, not narrowed afterwards). */
export function writePrivateFile(file: string, text: string): void {
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
}

export function passwordFile(dir: string): string {
  return path.join(dir, 'password');
}

/** The stored password, or null when this cluster has none yet (new, or made before). */
export function storedPassword(dir: string): string | null {
  const file = passwordFile(dir);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null;
}

export function newPassword(): string {
  // Hex: safe inside a URL and a SQL literal without escaping.
  return randomBytes(24).toString('hex');
}

export function socketDirFor(dir: string, port: number): string | null {
  const socketDir = path.join(dir, 'sock');
  return `${socketDir}/.s.PGSQL.${port}`.length <= MAX_SOCKET_PATH ? socketDir : null;
}

/**
 * Where postgres listens: the socket folder (owned by the user postgres runs as, which is
 * `postgres` when this process is root) and no TCP address; or 127.0.0.1 when no socket fits.
 */
export function listenFlags(access: EmbeddedAccess, owner: fs.Stats | null): string[] {
  if (access.socketDir === null) return ['-c', 'listen_addresses=127.0.0.1'];
  privateDir(access.socketDir);
  if (owner) fs.chownSync(access.socketDir, owner.uid, owner.gid);
  return [
    '-c',
    // No TCP at all (an empty list; postgres is spawned without a shell, so no quotes).
    'listen_addresses=',
    '-c',
    `unix_socket_directories=${access.socketDir}`,
    '-c',
    'unix_socket_permissions=0700',
  ];
}

export function urlFor(
  access: EmbeddedAccess,
  port: number,
  database: string,
  user: string,
): string {
  const base = `postgres://${user}:${access.password}@127.0.0.1:${port}/${database}`;
  return access.socketDir === null ? base : `${base}?host=${encodeURIComponent(access.socketDir)}`;
}

/** A cluster made with the former fixed password gets its generated one now. */
export async function replaceLegacyPassword(
  access: EmbeddedAccess,
  port: number,
  user: string,
): Promise<void> {
  const legacy = { ...access, password: LEGACY_PASSWORD };
  await onServer(urlFor(legacy, port, 'postgres', user), (admin) =>
    admin.setPassword(user, access.password),
  );
}
