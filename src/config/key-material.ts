import { hkdfSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Environment } from './environment';

/** A secret with the id that is stored beside everything made with it, so keys can rotate. */
export interface KeyMaterial {
  id: string;
  secret: Buffer;
}

export interface Secrets {
  /** Identifier-token and field-encryption keys; the first is active, the rest still read. */
  dataKeys: KeyMaterial[];
  /** HMAC key of the development token signer. */
  jwtSecret: Buffer;
  /** HMAC key of the audit chain (MPI_AUDIT_KEY, else derived from MPI_JWT_SECRET). */
  auditKey: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Parses `id:base64secret[,id:base64secret...]`; secrets must be at least 32 bytes. */
export function parseKeyList(text: string, name: string): KeyMaterial[] {
  const keys = text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const colon = part.indexOf(':');
      const id = part.slice(0, colon);
      const secret = Buffer.from(part.slice(colon + 1), 'base64');
      if (colon < 1 || !KEY_ID.test(id) || secret.length < 32) {
        throw new Error(`${name}: each key must be "id:base64" with a 32-byte or longer secret`);
      }
      return { id, secret };
    });
  if (keys.length === 0) throw new Error(`${name} names no key`);
  return keys;
}

function fromEnvOrFile(env: Environment, name: string): string | null {
  const direct = env[name];
  if (direct) return direct;
  const file = env[`${name}_FILE`];
  return file ? fs.readFileSync(file, 'utf8').trim() : null;
}

interface DevKeyFile {
  dataKeys: string;
  jwtSecret: string;
}

/** Development keys live in the data folder of the embedded database, made on first start. */
function devKeys(dataDir: string): DevKeyFile {
  const file = path.join(dataDir, 'dev-keys.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as DevKeyFile;
  const keys: DevKeyFile = {
    dataKeys: `dev1:${randomBytes(32).toString('base64')}`,
    jwtSecret: randomBytes(32).toString('base64'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600, flag: 'wx' });
  return keys;
}

/**
 * With an external database the keys must be configured: generating one silently would make
 * tokens that no other instance can reproduce. The embedded default gets development keys.
 */
export function loadSecrets(env: Environment, dataDir: string, embedded: boolean): Secrets {
  const dataKeys = fromEnvOrFile(env, 'MPI_TOKEN_KEYS');
  const jwtSecret = fromEnvOrFile(env, 'MPI_JWT_SECRET');
  if ((!dataKeys || !jwtSecret) && !embedded) {
    throw new Error(
      'DATABASE_URL is set but MPI_TOKEN_KEYS and MPI_JWT_SECRET (or their _FILE forms) are not: ' +
        'configure the keys so every instance makes the same tokens',
    );
  }
  const dev = !dataKeys || !jwtSecret ? devKeys(dataDir) : null;
  const jwt = Buffer.from(jwtSecret ?? dev?.jwtSecret ?? '', 'base64');
  if (jwt.length < 32) throw new Error('MPI_JWT_SECRET must be at least 32 bytes, base64');
  return {
    dataKeys: parseKeyList(dataKeys ?? dev?.dataKeys ?? '', 'MPI_TOKEN_KEYS'),
    jwtSecret: jwt,
    auditKey: auditKeyOf(env, jwt),
  };
}

/**
 * The audit chain's key must live outside the database. MPI_AUDIT_KEY names it; without it a
 * key is derived from MPI_JWT_SECRET (HKDF, its own label), which is outside the database too
 * but changes with it: a deployment that may rotate that secret sets MPI_AUDIT_KEY.
 */
function auditKeyOf(env: Environment, jwtSecret: Buffer): Buffer {
  const configured = fromEnvOrFile(env, 'MPI_AUDIT_KEY');
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length < 32) throw new Error('MPI_AUDIT_KEY must be at least 32 bytes, base64');
    return key;
  }
  return Buffer.from(hkdfSync('sha256', jwtSecret, 'mpi', 'mpi audit chain v2', 32));
}
