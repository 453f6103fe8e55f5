import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppConfig, loadAppConfig } from '../../src/config/app-config';
import { CONFIG_VARIABLES, ConfigVariable } from '../../src/config/config-variables';
import { Environment } from '../../src/config/environment';

/** The `keys` are secrets, loaded apart (key-material.ts) into SECRETS, never into AppConfig. */
type SettingVariable = Exclude<ConfigVariable, (typeof CONFIG_VARIABLES)['keys'][number]>;

const ISSUER = { MPI_OIDC_ISSUER: 'https://idp.example', MPI_AUDIENCE: 'mpi' };
const TLS = { MPI_TLS_CERT: '/tls/server.crt', MPI_TLS_KEY: '/tls/server.key' };

/**
 * For every setting, a value other than its default (and the variables it goes with): the
 * record is typed over every variable, so a new one must be added here, and so be loaded.
 */
const CHANGED: Record<SettingVariable, { value: string; with?: Environment }> = {
  PORT: { value: '9090' },
  HOST: { value: '0.0.0.0' },
  MPI_BODY_LIMIT_BYTES: { value: '1000' },
  MPI_MAX_BATCH: { value: '10' },
  MPI_REQUEST_TIMEOUT_MS: { value: '1000' },
  MPI_PUBLIC_BASE_URL: { value: 'https://mpi.example.org' },
  MPI_TLS_CERT: { value: '/tls/renewed.crt', with: TLS },
  MPI_TLS_KEY: { value: '/tls/renewed.key', with: TLS },
  MPI_TLS_CLIENT_CA: { value: '/tls/ca.crt', with: TLS },
  MPI_CORS_ORIGINS: { value: 'https://app.example.org' },
  DATABASE_URL: { value: 'postgres://mpi@db.example/mpi' },
  MPI_DATABASE_OWNER_URL: {
    value: 'postgres://owner@db.example/mpi',
    with: { DATABASE_URL: 'postgres://mpi@db.example/mpi' },
  },
  MPI_DATA_DIR: { value: '/srv/mpi' },
  MPI_PG_SHARED_BUFFERS_MB: { value: '256' },
  MPI_STATEMENT_TIMEOUT_MS: { value: '5000' },
  MPI_IDLE_IN_TRANSACTION_TIMEOUT_MS: { value: '5000' },
  MPI_IMPORT_BATCH: { value: '7' },
  MPI_IMPORT_CONCURRENCY: { value: '3' },
  MPI_IMPORT_ANALYZE_EVERY: { value: '9' },
  MPI_MODEL_PATH: { value: '/models/m.json' },
  MPI_MAX_CANDIDATES: { value: '20' },
  MPI_CHAIN_GUARD_BITS: { value: '3' },
  MPI_DEDUPLICATING_SOURCES: { value: 'lab,clinic' },
  MPI_SOURCE_TRUST: { value: 'hospital,clinic' },
  MPI_MATCH_COUNT_DEFAULT: { value: '5' },
  MPI_MATCH_COUNT_MAX: { value: '40' },
  MPI_SEARCH_COUNT_DEFAULT: { value: '5' },
  MPI_SEARCH_COUNT_MAX: { value: '50' },
  MPI_SEARCH_QUOTA: { value: '0' },
  MPI_DEV_TOKEN_TTL_SECONDS: { value: '60' },
  MPI_DEV_TOKENS: { value: 'false' },
  MPI_OIDC_ISSUER: { value: 'https://idp.example', with: { MPI_AUDIENCE: 'mpi' } },
  MPI_AUDIENCE: { value: 'other', with: ISSUER },
  MPI_JWKS_URL: { value: 'https://idp.example/jwks', with: ISSUER },
  MPI_OIDC_ALGORITHMS: { value: 'ES256', with: ISSUER },
  MPI_OIDC_CLOCK_TOLERANCE_SECONDS: { value: '5', with: ISSUER },
  MPI_JWKS_COOLDOWN_MS: { value: '5', with: ISSUER },
  MPI_JWKS_CACHE_MAX_AGE_MS: { value: '5', with: ISSUER },
  MPI_OIDC_ROLES_CLAIM: { value: 'realm.roles', with: ISSUER },
  MPI_OIDC_REQUIRE_AT_JWT: { value: 'false', with: ISSUER },
  MPI_OIDC_AUTHORIZE_URL: { value: 'https://idp.example/authorize', with: ISSUER },
  MPI_OIDC_TOKEN_URL: { value: 'https://idp.example/token', with: ISSUER },
  MPI_CLIENT_SOURCES: { value: '{"lab-feed": ["city-lab"]}' },
  MPI_RATE_LIMIT: { value: '5' },
  MPI_RATE_WINDOW_MS: { value: '5' },
  MPI_HL7_PORT: { value: '2575' },
  MPI_HL7_HOST: { value: '0.0.0.0' },
  MPI_HL7_DOMAINS: { value: 'HOSPA' },
  MPI_HL7_SENDERS: { value: 'LAB^CITY=HOSPA' },
  MPI_HL7_TLS: { value: 'true' },
  MPI_HL7_MAX_FRAME_BYTES: { value: '4096' },
  MPI_HL7_MAX_CONNECTIONS: { value: '3' },
  MPI_HL7_ASSEMBLY_TIMEOUT_MS: { value: '5000' },
  MPI_HL7_CONCURRENCY: { value: '2' },
  MPI_HL7_APPLICATION: { value: 'EMPI' },
  MPI_HL7_FACILITY: { value: 'CITY' },
  MPI_LOG_LEVEL: { value: 'debug' },
  MPI_LOG_FILE: { value: '/var/log/mpi.log' },
};

describe('the one configuration', () => {
  it('has a section for every concern of config-variables.ts but the keys (secrets)', () => {
    const sections = Object.keys(CONFIG_VARIABLES).filter((s) => s !== 'keys');
    assert.deepEqual(Object.keys(loadAppConfig({})).sort(), sections.sort());
  });

  it('reads every variable of its sections: each changed value changes the configuration', () => {
    for (const [name, { value, with: base = {} }] of Object.entries(CHANGED)) {
      const before: AppConfig = loadAppConfig(base);
      const after: AppConfig = loadAppConfig({ ...base, [name]: value });
      assert.notDeepEqual(after, before, `${name} is not read into the configuration`);
    }
  });

  it("refuses a bad value in any door's section at load, naming the variable", () => {
    const bad: [Environment, ConfigVariable][] = [
      [{ MPI_SEARCH_COUNT_MAX: '0' }, 'MPI_SEARCH_COUNT_MAX'],
      [{ MPI_MATCH_COUNT_DEFAULT: 'ten' }, 'MPI_MATCH_COUNT_DEFAULT'],
      [{ MPI_HL7_PORT: 'mllp' }, 'MPI_HL7_PORT'],
      [{ MPI_HL7_PORT: '70000' }, 'MPI_HL7_PORT'],
      [{ MPI_HL7_MAX_FRAME_BYTES: '10' }, 'MPI_HL7_MAX_FRAME_BYTES'],
      [{ MPI_HL7_DOMAINS: 'HOSPA&1.2.3' }, 'MPI_HL7_DOMAINS'],
      [{ MPI_HL7_SENDERS: 'LAB=HOSPA' }, 'MPI_HL7_SENDERS'],
      [{ MPI_HL7_PORT: '2575', MPI_HL7_TLS: 'true' }, 'MPI_HL7_TLS'],
      [{ MPI_RATE_LIMIT: '-1' }, 'MPI_RATE_LIMIT'],
      [{ MPI_CLIENT_SOURCES: '["lab"]' }, 'MPI_CLIENT_SOURCES'],
      [{ MPI_DEV_TOKENS: 'yes' }, 'MPI_DEV_TOKENS'],
      [{ ...ISSUER, MPI_OIDC_ALGORITHMS: 'HS256' }, 'MPI_OIDC_ALGORITHMS'],
      [{ MPI_CORS_ORIGINS: '*' }, 'MPI_CORS_ORIGINS'],
      [{ MPI_TLS_CLIENT_CA: '/tls/ca.crt' }, 'MPI_TLS_CLIENT_CA'],
      [{ MPI_LOG_LEVEL: 'loud' }, 'MPI_LOG_LEVEL'],
      [{ MPI_PG_SHARED_BUFFERS_MB: '1.5GB' }, 'MPI_PG_SHARED_BUFFERS_MB'],
    ];
    for (const [env, name] of bad)
      assert.throws(() => loadAppConfig(env), new RegExp(name), JSON.stringify(env));
  });
});
