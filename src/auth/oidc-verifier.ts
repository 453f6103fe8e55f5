import { JWTVerifyGetKey, createRemoteJWKSet, jwtVerify } from 'jose';
import { principalOfClaims } from './claims-principal';
import { OidcConfig, checkTrustedUrl } from '../config/auth-section';
import { Principal } from './principal';

/** What the issuer publishes at /.well-known/openid-configuration (the parts we use). */
export interface IssuerMetadata {
  issuer: string;
  jwks_uri?: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
}

const DISCOVERY_TIMEOUT_MS = 5000;
const DISCOVERY_RETRY_MS = 15_000;

/** Reads the issuer's discovery document once; its issuer must be the configured one. */
export async function discoverIssuer(issuer: string): Promise<IssuerMetadata> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, {
    signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
    redirect: 'error',
  });
  if (!response.ok) throw new Error(`issuer discovery answered ${response.status}`);
  const metadata = (await response.json()) as IssuerMetadata;
  if (metadata.issuer !== issuer) throw new Error('issuer discovery names another issuer');
  return metadata;
}

/**
 * Verifies access tokens of one issuer: signature by a key of its JWKS (fetched and cached by
 * jose; a token naming an unknown `kid` triggers a re-fetch, which is how rotated signing
 * keys are picked up, at most once per cooldown), then issuer, audience, expiry (required),
 * not-before, the algorithm allow-list -- `none` and HMAC never pass -- and the access-token
 * type `at+jwt` (unless turned off), so an ID token of the same issuer is no bearer token.
 */
export class OidcVerifier {
  private keys: JWTVerifyGetKey | null = null;
  private metadata: Promise<IssuerMetadata> | null = null;

  constructor(private readonly config: OidcConfig) {}

  get issuer(): string {
    return this.config.issuer;
  }

  /**
   * The discovery document, fetched once. A failure is remembered for a while, so an issuer
   * that is down costs each request a fast refusal, not a fetch timeout.
   */
  issuerMetadata(): Promise<IssuerMetadata> {
    if (!this.metadata) {
      this.metadata = discoverIssuer(this.config.issuer).catch((error: unknown) => {
        setTimeout(() => (this.metadata = null), DISCOVERY_RETRY_MS).unref();
        throw error;
      });
    }
    return this.metadata;
  }

  async verify(token: string): Promise<Principal> {
    const { payload } = await jwtVerify(token, await this.keySet(), {
      issuer: this.config.issuer,
      audience: this.config.audience,
      algorithms: this.config.algorithms,
      clockTolerance: this.config.clockToleranceSeconds,
      requiredClaims: ['exp'],
      ...(this.config.requireAccessTokenType ? { typ: 'at+jwt' } : {}),
    });
    return principalOfClaims(payload, this.config);
  }

  private async keySet(): Promise<JWTVerifyGetKey> {
    if (this.keys) return this.keys;
    const jwksUrl = this.config.jwksUrl ?? (await this.issuerMetadata()).jwks_uri;
    if (!jwksUrl) throw new Error('the issuer publishes no jwks_uri');
    this.keys = createRemoteJWKSet(new URL(checkTrustedUrl(jwksUrl, 'jwks_uri')), {
      cooldownDuration: this.config.jwksCooldownMs,
      cacheMaxAge: this.config.jwksCacheMaxAgeMs,
      timeoutDuration: DISCOVERY_TIMEOUT_MS,
    });
    return this.keys;
  }
}
