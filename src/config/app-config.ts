import * as path from 'node:path';
import { parsePublicBaseUrl } from '../common/public-base-url';
import { AuthConfig, loadAuthConfig } from './auth-section';
import { integer, list, text } from './env-values';
import { Environment } from './environment';
import { FhirConfig, loadFhirConfig } from './fhir-section';
import { Hl7Config, loadHl7Config } from './hl7-section';
import { LogSettings, loadLogSettings } from './log-section';
import { CorsSettings, TlsSettings, loadCorsSettings, loadTlsSettings } from './transport-sections';

/**
 * Typed configuration, read once from the environment and validated at boot: one section per
 * concern, as config-variables.ts groups the variables (the `keys` are Secrets, loaded by
 * key-material.ts). A bad value in any section stops the boot with the variable's name.
 * Secrets come only from the environment or files it names, never from code.
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
  tls: TlsSettings;
  cors: CorsSettings;
  database: {
    /** An external server; null means the embedded PostgreSQL under dataDir. */
    url: string | null;
    /**
     * MPI_DATABASE_OWNER_URL: the schema owner's connection to the same database. Migrations
     * run with it and DATABASE_URL's role is granted only what the service needs; null: the
     * service's own role runs the migrations and owns the schema.
     */
    ownerUrl: string | null;
    /** The data folder: the embedded server (`pg/`) and generated keys live there. */
    dataDir: string;
    /** The embedded server's shared buffers in MB; null: a quarter of the machine's memory. */
    sharedBuffersMb: number | null;
    /** Longest statement (server-side statement_timeout); 0: none (the CLI's default). */
    statementTimeoutMs: number;
    /** A transaction idle longer than this is ended by the server; 0: never. */
    idleInTransactionTimeoutMs: number;
  };
  import: {
    /** Records per import batch. */
    batchSize: number;
    /** Import batches in flight at once (CLI import). */
    concurrency: number;
    /** Records an import creates between two refreshes of the planner statistics. */
    analyzeEvery: number;
  };
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
  fhir: FhirConfig;
  auth: AuthConfig;
  hl7: Hl7Config;
  log: LogSettings;
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

function sharedBuffersMb(env: Environment): number | null {
  // 0 stands for unset: PostgreSQL refuses shared buffers under 16 MB, so 0 is never asked for.
  const requested = integer(env, 'MPI_PG_SHARED_BUFFERS_MB', 0, { min: 16 });
  return requested === 0 ? null : requested;
}

/** MLLP over TLS takes the HTTPS certificate: a listener without one could not start. */
function checkHl7Tls(hl7: Hl7Config, tls: TlsSettings): void {
  if (hl7.port !== null && hl7.tls && (tls.cert === null || tls.key === null))
    throw new Error('MPI_HL7_TLS needs MPI_TLS_CERT and MPI_TLS_KEY');
}

export function loadAppConfig(env: Environment): AppConfig {
  const config: AppConfig = {
    http: {
      port: integer(env, 'PORT', 8080, { min: 0 }),
      host: env.HOST ?? '127.0.0.1',
      bodyLimitBytes: integer(env, 'MPI_BODY_LIMIT_BYTES', 5 * 1024 * 1024),
      maxBatch: integer(env, 'MPI_MAX_BATCH', 1000),
      requestTimeoutMs: integer(env, 'MPI_REQUEST_TIMEOUT_MS', 30_000),
      publicBaseUrl: parsePublicBaseUrl(env.MPI_PUBLIC_BASE_URL),
    },
    tls: loadTlsSettings(env),
    cors: loadCorsSettings(env),
    database: {
      url: databaseUrl(env),
      ownerUrl: ownerUrl(env),
      dataDir: path.resolve(env.MPI_DATA_DIR ?? path.join(projectRoot(), '.mpi')),
      sharedBuffersMb: sharedBuffersMb(env),
      statementTimeoutMs: integer(env, 'MPI_STATEMENT_TIMEOUT_MS', 30_000, { min: 0 }),
      idleInTransactionTimeoutMs: integer(env, 'MPI_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, {
        min: 0,
      }),
    },
    import: {
      batchSize: integer(env, 'MPI_IMPORT_BATCH', 500),
      concurrency: integer(env, 'MPI_IMPORT_CONCURRENCY', 2),
      analyzeEvery: integer(env, 'MPI_IMPORT_ANALYZE_EVERY', 50_000),
    },
    match: {
      modelPath: env.MPI_MODEL_PATH ?? null,
      maxCandidates: integer(env, 'MPI_MAX_CANDIDATES', 200),
      chainGuardBits: integer(env, 'MPI_CHAIN_GUARD_BITS', 10, { min: 0 }),
      deduplicatingSources: list(env, 'MPI_DEDUPLICATING_SOURCES'),
    },
    survivorship: { sourceTrust: list(env, 'MPI_SOURCE_TRUST') },
    fhir: loadFhirConfig(env),
    auth: loadAuthConfig(env),
    hl7: loadHl7Config(env),
    log: loadLogSettings(env),
  };
  checkHl7Tls(config.hl7, config.tls);
  return config;
}

/** The repository root (where data/ and migrations/ live), from the compiled file's place. */
export function projectRoot(): string {
  return path.resolve(__dirname, '..', '..', '..');
}
