/**
 * Every environment variable the MPI reads, by the concern it configures: the schema of its
 * configuration. The parsers (env-values.ts) take only these names, and a test holds README's
 * configuration table to this list. Secrets may also come from a file named by `<NAME>_FILE`.
 */
export const CONFIG_VARIABLES = {
  http: [
    'PORT',
    'HOST',
    'MPI_BODY_LIMIT_BYTES',
    'MPI_MAX_BATCH',
    'MPI_REQUEST_TIMEOUT_MS',
    'MPI_PUBLIC_BASE_URL',
  ],
  tls: ['MPI_TLS_CERT', 'MPI_TLS_KEY', 'MPI_TLS_CLIENT_CA'],
  cors: ['MPI_CORS_ORIGINS'],
  database: [
    'DATABASE_URL',
    'MPI_DATABASE_OWNER_URL',
    'MPI_DATA_DIR',
    'MPI_PG_SHARED_BUFFERS_MB',
    'MPI_STATEMENT_TIMEOUT_MS',
    'MPI_IDLE_IN_TRANSACTION_TIMEOUT_MS',
  ],
  keys: ['MPI_TOKEN_KEYS', 'MPI_JWT_SECRET', 'MPI_AUDIT_KEY'],
  import: ['MPI_IMPORT_BATCH', 'MPI_IMPORT_CONCURRENCY', 'MPI_IMPORT_ANALYZE_EVERY'],
  match: [
    'MPI_MODEL_PATH',
    'MPI_MAX_CANDIDATES',
    'MPI_CHAIN_GUARD_BITS',
    'MPI_DEDUPLICATING_SOURCES',
  ],
  survivorship: ['MPI_SOURCE_TRUST'],
  fhir: [
    'MPI_MATCH_COUNT_DEFAULT',
    'MPI_MATCH_COUNT_MAX',
    'MPI_SEARCH_COUNT_DEFAULT',
    'MPI_SEARCH_COUNT_MAX',
    'MPI_SEARCH_QUOTA',
  ],
  auth: [
    'MPI_DEV_TOKEN_TTL_SECONDS',
    'MPI_DEV_TOKENS',
    'MPI_OIDC_ISSUER',
    'MPI_AUDIENCE',
    'MPI_JWKS_URL',
    'MPI_OIDC_ALGORITHMS',
    'MPI_OIDC_CLOCK_TOLERANCE_SECONDS',
    'MPI_JWKS_COOLDOWN_MS',
    'MPI_JWKS_CACHE_MAX_AGE_MS',
    'MPI_OIDC_ROLES_CLAIM',
    'MPI_OIDC_REQUIRE_AT_JWT',
    'MPI_OIDC_AUTHORIZE_URL',
    'MPI_OIDC_TOKEN_URL',
    'MPI_CLIENT_SOURCES',
    'MPI_RATE_LIMIT',
    'MPI_RATE_WINDOW_MS',
  ],
  hl7: [
    'MPI_HL7_PORT',
    'MPI_HL7_HOST',
    'MPI_HL7_DOMAINS',
    'MPI_HL7_SENDERS',
    'MPI_HL7_TLS',
    'MPI_HL7_MAX_FRAME_BYTES',
    'MPI_HL7_MAX_CONNECTIONS',
    'MPI_HL7_ASSEMBLY_TIMEOUT_MS',
    'MPI_HL7_CONCURRENCY',
    'MPI_HL7_APPLICATION',
    'MPI_HL7_FACILITY',
  ],
  log: ['MPI_LOG_LEVEL', 'MPI_LOG_FILE'],
} as const;

export type ConfigSection = keyof typeof CONFIG_VARIABLES;
export type ConfigVariable = (typeof CONFIG_VARIABLES)[ConfigSection][number];

export function allConfigVariables(): ConfigVariable[] {
  return Object.values(CONFIG_VARIABLES).flat();
}
