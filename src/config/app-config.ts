import * as path from 'node:path';
import { parsePublicBaseUrl } from '../common/public-base-url';
import { integer, list, text } from './env-values';
import { Environment } from './environment';

/**
 * Typed configuration, read once from the environment and validated at boot. Secrets come
 * only from the environment or files it names (see key-material.ts), never from code.
 */
export interface AppConfig {
  http: {
    port: number;
    host: string;
    /** Largest accepted request body, in bytes. */
    bodyLimitBytes: number;
    /** Records per POST /api/records call. */
    maxBatch: number;
    requestTimeoutMs: number;
    /** MPI_PUBLIC_BASE_URL; null: the address each connection reached. */
    publicBaseUrl: string | null;
  };
  database: {
    /** An external server; null means the embedded PostgreSQL under dataDir. */
    url: string | null;
    /**
     * MPI_DATABASE_OWNER_URL: the schema owner's connection to the same database. Migrations
     * run with it and DATABASE_URL's role is granted only what the service needs; null: the
     * service's own role runs the migrations and owns the schema.
     */
    ownerUrl: string | null;
    /** Longest statement (server-side statement_timeout); 0: none (the CLI's default). */
    statementTimeoutMs: number;
    /** A transaction idle longer than this is ended by the server; 0: never. */
    idleInTransactionTimeoutMs: number;
  };
  dataDir: string;
  importBatchSize: number;
  /** Import batches in flight at once (CLI import). */
  importConcurrency: number;
  /** Records an import creates between two refreshes of the planner statistics. */
  importAnalyzeEvery: number;
  match: {
    /** Path of the model JSON; defaults to the newest trained model, else data/models/default.json. */
    modelPath: string | null;
    /** Candidates fetched per record at most; more are cut and reported. */
    maxCandidates: number;
    /** Weakest pair (in bits against) a record may have with a person it joins automatically. */
    chainGuardBits: number;
    /**
     * Sources that deduplicate their own patients: two of their record numbers are two people
     * to them, so a second one is never linked to a person automatically (a steward decides).
     */
    deduplicatingSources: string[];
  };
  survivorship: {
    /** Sources in trust order, most trusted first: breaks a tie between equally supported values. */
    sourceTrust: string[];
  };
  auth: {
    /** Lifetime of development tokens printed by `mpi token`. */
    devTokenTtlSeconds: number;
  };
}

function databaseUrl(env: Environment): string | null {
  return text(env, 'DATABASE_URL');
}

function ownerUrl(env: Environment): string | null {
  const url = text(env, 'MPI_DATABASE_OWNER_URL');
  if (!url) return null;
  if (databaseUrl(env) === null)
    throw new Error(
      'MPI_DATABASE_OWNER_URL is set but DATABASE_URL is not: the owner URL goes with an external database (the embedded one sets up its roles itself)',
    );
  return url;
}

export function loadAppConfig(env: Environment): AppConfig {
  const projectRoot = path.resolve(__dirname, '..', '..', '..');
  return {
    http: {
      port: integer(env, 'PORT', 8080, { min: 0 }),
      host: env.HOST ?? '127.0.0.1',
      bodyLimitBytes: integer(env, 'MPI_BODY_LIMIT_BYTES', 5 * 1024 * 1024),
      maxBatch: integer(env, 'MPI_MAX_BATCH', 1000),
      requestTimeoutMs: integer(env, 'MPI_REQUEST_TIMEOUT_MS', 30_000),
      publicBaseUrl: parsePublicBaseUrl(env.MPI_PUBLIC_BASE_URL),
    },
    database: {
      url: databaseUrl(env),
      ownerUrl: ownerUrl(env),
      statementTimeoutMs: integer(env, 'MPI_STATEMENT_TIMEOUT_MS', 30_000, { min: 0 }),
      idleInTransactionTimeoutMs: integer(env, 'MPI_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, {
        min: 0,
      }),
    },
    dataDir: path.resolve(env.MPI_DATA_DIR ?? path.join(projectRoot, '.mpi')),
    importBatchSize: integer(env, 'MPI_IMPORT_BATCH', 500),
    importConcurrency: integer(env, 'MPI_IMPORT_CONCURRENCY', 2),
    importAnalyzeEvery: integer(env, 'MPI_IMPORT_ANALYZE_EVERY', 50_000),
    match: {
      modelPath: env.MPI_MODEL_PATH ?? null,
      maxCandidates: integer(env, 'MPI_MAX_CANDIDATES', 200),
      chainGuardBits: integer(env, 'MPI_CHAIN_GUARD_BITS', 10, { min: 0 }),
      deduplicatingSources: list(env, 'MPI_DEDUPLICATING_SOURCES'),
    },
    survivorship: { sourceTrust: list(env, 'MPI_SOURCE_TRUST') },
    auth: { devTokenTtlSeconds: integer(env, 'MPI_DEV_TOKEN_TTL_SECONDS', 12 * 3600) },
  };
}

/** The repository root (where data/ and migrations/ live), from the compiled file's place. */
export function projectRoot(): string {
  return path.resolve(__dirname, '..', '..', '..');
}
