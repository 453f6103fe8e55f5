import { ConfigVariable } from './config-variables';
import { flag, integer, text } from './env-values';
import { Environment } from './environment';

/**
 * The `auth` section: who may call, and how often. Settings of the OAuth2 resource server, from the environment. With MPI_OIDC_ISSUER set the
 * service accepts access tokens of that issuer (signature by its JWKS, issuer, audience,
 * expiry, not-before, algorithm allow-list). Development tokens (`mpi token`) are on only for
 * the embedded quick start: an issuer or a DATABASE_URL turns them off unless
 * MPI_DEV_TOKENS=true says otherwise.
 */
export interface OidcConfig {
  issuer: string;
  audience: string;
  /** null: found through the issuer's /.well-known/openid-configuration. */
  jwksUrl: string | null;
  algorithms: string[];
  clockToleranceSeconds: number;
  /** A JWKS is re-fetched at most this often, even for an unknown key id. */
  jwksCooldownMs: number;
  jwksCacheMaxAgeMs: number;
  /** Dotted path of an extra realm-wide claim holding prefixed MPI role names (`mpi-admin`). */
  rolesClaim: string;
  authorizeUrl: string | null;
  tokenUrl: string | null;
  /**
   * Require the JWT header `typ: at+jwt` (RFC 9068): an ID token or another JWT of the same
   * issuer is not an access token. MPI_OIDC_REQUIRE_AT_JWT=false for issuers that do not set it.
   */
  requireAccessTokenType: boolean;
}

export interface AuthSettings {
  oidc: OidcConfig | null;
  devTokens: boolean;
}

/** MPI_RATE_LIMIT requests per MPI_RATE_WINDOW_MS per client; 0 turns limiting off. */
export interface RateLimitSettings {
  limit: number;
  windowMs: number;
}

/**
 * MPI_CLIENT_SOURCES: the sources each client may write, by client id, else subject (see
 * auth/source-binding.ts for why every writer is bound).
 */
export type ClientSources = ReadonlyMap<string, readonly string[]>;

/** The whole section as the configuration holds it. */
export interface AuthConfig extends AuthSettings {
  /** Lifetime of development tokens printed by `mpi token`. */
  devTokenTtlSeconds: number;
  clientSources: ClientSources;
  rateLimit: RateLimitSettings;
}

/** Asymmetric algorithms only: a symmetric one would let anyone holding the JWKS sign. */
export const ALLOWED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];
const DEFAULT_ALGORITHMS = ['RS256', 'ES256', 'PS256'];

export function checkTrustedUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be a URL`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error(`${name} must use https (http only for a loopback address)`);
  }
  return value;
}

function optionalUrl(env: Environment, name: ConfigVariable): string | null {
  const value = text(env, name);
  return value === null ? null : checkTrustedUrl(value, name);
}

function algorithms(env: Environment): string[] {
  const raw = text(env, 'MPI_OIDC_ALGORITHMS');
  if (raw === null) return DEFAULT_ALGORITHMS;
  const list = raw
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const bad = list.filter((a) => !ALLOWED_ALGORITHMS.includes(a));
  if (list.length === 0 || bad.length > 0)
    throw new Error(`MPI_OIDC_ALGORITHMS takes only ${ALLOWED_ALGORITHMS.join(', ')}`);
  return list;
}

function oidcFrom(env: Environment): OidcConfig | null {
  const issuer = text(env, 'MPI_OIDC_ISSUER');
  if (issuer === null) return null;
  checkTrustedUrl(issuer, 'MPI_OIDC_ISSUER');
  const audience = text(env, 'MPI_AUDIENCE');
  if (audience === null)
    throw new Error(
      'MPI_OIDC_ISSUER is set but MPI_AUDIENCE is not: tokens must be checked for this audience',
    );
  return {
    issuer,
    audience,
    jwksUrl: optionalUrl(env, 'MPI_JWKS_URL'),
    algorithms: algorithms(env),
    clockToleranceSeconds: integer(env, 'MPI_OIDC_CLOCK_TOLERANCE_SECONDS', 30, { min: 0 }),
    jwksCooldownMs: integer(env, 'MPI_JWKS_COOLDOWN_MS', 30_000, { min: 0 }),
    jwksCacheMaxAgeMs: integer(env, 'MPI_JWKS_CACHE_MAX_AGE_MS', 600_000, { min: 0 }),
    rolesClaim: text(env, 'MPI_OIDC_ROLES_CLAIM') ?? 'roles',
    authorizeUrl: optionalUrl(env, 'MPI_OIDC_AUTHORIZE_URL'),
    tokenUrl: optionalUrl(env, 'MPI_OIDC_TOKEN_URL'),
    requireAccessTokenType: flag(env, 'MPI_OIDC_REQUIRE_AT_JWT', true),
  };
}

/**
 * Development tokens are signed with one shared secret and name any role: fine on a laptop's
 * embedded database, a standing risk on a shared server. So they are on by default only with
 * neither an issuer nor a DATABASE_URL (the review found them on, and accepted, in deployments
 * that had simply not thought of turning them off).
 */
export function loadAuthSettings(env: Environment): AuthSettings {
  const oidc = oidcFrom(env);
  const quickStart = oidc === null && text(env, 'DATABASE_URL') === null;
  return { oidc, devTokens: flag(env, 'MPI_DEV_TOKENS', quickStart) };
}

export function loadRateLimit(env: Environment): RateLimitSettings {
  return {
    limit: integer(env, 'MPI_RATE_LIMIT', 6000, { min: 0 }),
    windowMs: integer(env, 'MPI_RATE_WINDOW_MS', 60_000, { min: 1 }),
  };
}

const MAX_SOURCES = 100;

/**
 * A list of source names: an array, or names separated by spaces (as a token's `mpi_sources`
 * claim may hold them); blank names dropped, at most 100. Null when it is neither.
 */
export function sourceList(value: unknown): string[] | null {
  const list = typeof value === 'string' ? value.split(' ') : value;
  if (!Array.isArray(list)) return null;
  const names = list.filter((s): s is string => typeof s === 'string' && s.trim() !== '');
  return names.map((s) => s.trim()).slice(0, MAX_SOURCES);
}

/** MPI_CLIENT_SOURCES, JSON: `{"adt-feed": ["st-mary", "urn:oid:1.2.3"]}`. */
export function loadClientSources(env: Environment): ClientSources {
  const raw = env.MPI_CLIENT_SOURCES?.trim();
  if (!raw) return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('MPI_CLIENT_SOURCES is JSON: {"client-id": ["source", ...]}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('MPI_CLIENT_SOURCES is JSON: {"client-id": ["source", ...]}');
  const bindings = new Map<string, string[]>();
  for (const [client, value] of Object.entries(parsed)) {
    const sources = Array.isArray(value) ? sourceList(value) : null;
    if (sources === null) throw new Error('MPI_CLIENT_SOURCES lists sources as arrays');
    bindings.set(client, sources);
  }
  return bindings;
}

export function loadAuthConfig(env: Environment): AuthConfig {
  return {
    ...loadAuthSettings(env),
    devTokenTtlSeconds: integer(env, 'MPI_DEV_TOKEN_TTL_SECONDS', 12 * 3600),
    clientSources: loadClientSources(env),
    rateLimit: loadRateLimit(env),
  };
}
