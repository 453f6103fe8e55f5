import { Inject, Injectable } from '@nestjs/common';
import { decodeJwt } from 'jose';
import { AuthConfig } from '../config/auth-section';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG, SECRETS } from '../config/config.module';
import { Secrets } from '../config/key-material';
import { DEV_ISSUER, verifyDevToken } from './dev-token-signer';
import { OidcVerifier } from './oidc-verifier';
import { Principal } from './principal';
import { VerifiedTokenCache } from './verified-token-cache';

export class TokenRejected extends Error {}

/** Longer tokens are refused unparsed: real access tokens are a few kilobytes at most. */
const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * Routes a bearer token to the one verifier of its issuer: the development signer (HS256,
 * the service's own secret) or the configured OAuth2 issuer (asymmetric keys from its JWKS).
 * The unverified `iss` only chooses the verifier; each verifier pins its own algorithms, so
 * a token cannot be checked with the wrong kind of key (no RS256/HS256 confusion).
 */
@Injectable()
export class TokenVerifier {
  readonly settings: AuthConfig;
  readonly oidc: OidcVerifier | null;
  private readonly verified = new VerifiedTokenCache();

  constructor(
    @Inject(SECRETS) private readonly secrets: Secrets,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.settings = config.auth;
    this.oidc = this.settings.oidc ? new OidcVerifier(this.settings.oidc) : null;
  }

  async verify(token: string): Promise<Principal> {
    if (token.length > MAX_TOKEN_LENGTH) throw new TokenRejected('token too long');
    const cached = this.verified.get(token);
    if (cached) return cached;
    let claims: { iss?: unknown; exp?: number };
    try {
      claims = decodeJwt(token);
    } catch {
      throw new TokenRejected('not a JWT');
    }
    const principal = this.withConfiguredSources(await this.verifyUncached(token, claims.iss));
    this.verified.put(token, principal, claims.exp);
    return principal;
  }

  /** MPI_CLIENT_SOURCES adds to the sources a token's claim binds its client to. */
  private withConfiguredSources(principal: Principal): Principal {
    const configured = this.settings.clientSources.get(principal.client ?? principal.subject);
    if (configured === undefined) return principal;
    return { ...principal, sources: [...new Set([...(principal.sources ?? []), ...configured])] };
  }

  private async verifyUncached(token: string, issuer: unknown): Promise<Principal> {
    if (issuer === DEV_ISSUER && this.settings.devTokens) {
      return {
        ...(await verifyDevToken(this.secrets.jwtSecret, token)),
        issuer: DEV_ISSUER,
        scopes: [],
      };
    }
    if (this.oidc && issuer === this.oidc.issuer) return this.oidc.verify(token);
    throw new TokenRejected('token of an unknown issuer');
  }
}
