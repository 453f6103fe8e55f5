import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  GenerateKeyPairResult,
  JWK,
  JWTPayload,
  SignJWT,
  exportJWK,
  exportSPKI,
  generateKeyPair,
} from 'jose';

/**
 * A tiny OAuth2 issuer on 127.0.0.1 for tests: an OpenID discovery document and a JWKS, and
 * a signer for access tokens. Keys can be rotated (a new kid published) and the number of
 * JWKS fetches is counted, so tests can see the resource server re-fetch on an unknown kid.
 */
export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256' | 'PS256';
  privateKey: GenerateKeyPairResult['privateKey'];
  publicJwk: JWK;
  publicPem: string;
}

export interface TokenOptions {
  kid?: string;
  issuer?: string;
  audience?: string | string[];
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number | null;
  notBefore?: number;
  subject?: string;
  /** The JWT header's typ; `at+jwt` (an access token) unless given, null for none. */
  typ?: string | null;
}

export interface LocalIssuer {
  issuer: string;
  jwksUrl: string;
  audience: string;
  readonly jwksFetches: number;
  /** The key that signs by default (the newest). */
  readonly current: SigningKey;
  sign(claims: JWTPayload, options?: TokenOptions): Promise<string>;
  /** Adds a key and makes it the signing key; `retireOld` drops the others from the JWKS. */
  rotate(alg?: SigningKey['alg'], retireOld?: boolean): Promise<SigningKey>;
  /** A key that is never published (its tokens must fail). */
  unpublishedKey(): Promise<SigningKey>;
  close(): Promise<void>;
}

let counter = 0;

async function newKey(alg: SigningKey['alg']): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `test-${alg.toLowerCase()}-${++counter}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

export async function startLocalIssuer(audience = 'urn:mpi:test-api'): Promise<LocalIssuer> {
  let published: SigningKey[] = [await newKey('RS256')];
  let fetches = 0;
  let base = '';
  const server: Server = createServer((request, response) => {
    const send = (body: unknown): void => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.url === '/.well-known/openid-configuration') {
      send({
        issuer: base,
        jwks_uri: `${base}/jwks`,
        token_endpoint: `${base}/token`,
        authorization_endpoint: `${base}/authorize`,
      });
    } else if (request.url === '/jwks') {
      fetches += 1;
      send({ keys: published.map((k) => k.publicJwk) });
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const keyOf = (kid: string | undefined): SigningKey => {
    const key = kid ? published.find((k) => k.kid === kid) : published[published.length - 1];
    if (!key) throw new Error(`no key ${kid}`);
    return key;
  };
  const signWith = async (
    key: SigningKey,
    claims: JWTPayload,
    options: TokenOptions = {},
  ): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    let jwt = new SignJWT(claims)
      .setProtectedHeader({
        alg: key.alg,
        kid: key.kid,
        ...(options.typ === null ? {} : { typ: options.typ ?? 'at+jwt' }),
      })
      .setIssuer(options.issuer ?? base)
      .setAudience(options.audience ?? audience)
      .setSubject(options.subject ?? 'svc-test')
      .setIssuedAt(now);
    if (options.expiresIn !== null) jwt = jwt.setExpirationTime(now + (options.expiresIn ?? 300));
    if (options.notBefore !== undefined) jwt = jwt.setNotBefore(now + options.notBefore);
    return jwt.sign(key.privateKey);
  };
  const issuer: LocalIssuer = {
    issuer: base,
    jwksUrl: `${base}/jwks`,
    audience,
    get jwksFetches() {
      return fetches;
    },
    get current() {
      return keyOf(undefined);
    },
    sign: (claims, options = {}) => signWith(keyOf(options.kid), claims, options),
    rotate: async (alg = 'RS256', retireOld = false) => {
      const key = await newKey(alg);
      published = retireOld ? [key] : [...published, key];
      return key;
    },
    unpublishedKey: () => newKey('RS256'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return issuer;
}

/** Signs with a key the issuer never published (for the "unknown kid" case). */
export async function signWithKey(
  key: SigningKey,
  issuer: LocalIssuer,
  claims: JWTPayload,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuer(issuer.issuer)
    .setAudience(issuer.audience)
    .setSubject('svc-test')
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key.privateKey);
}

/** An unsecured JWT (`alg: none`): must never be accepted. */
export function unsignedToken(issuer: LocalIssuer, claims: JWTPayload): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ iss: issuer.issuer, aud: issuer.audience, sub: 'x', exp: now + 300, ...claims })}.`;
}

/** The classic confusion attack: HS256 "signed" with the issuer's public key as the secret. */
export async function publicKeyAsHmacToken(
  issuer: LocalIssuer,
  claims: JWTPayload,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid: issuer.current.kid })
    .setIssuer(issuer.issuer)
    .setAudience(issuer.audience)
    .setSubject('attacker')
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(new TextEncoder().encode(issuer.current.publicPem));
}
