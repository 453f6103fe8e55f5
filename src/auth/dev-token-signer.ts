import { SignJWT, jwtVerify } from 'jose';
import { Role, isRole, permissionsOf } from './permissions';
import { Principal } from './principal';

/** Tokens the service signs for itself in development and for local tools (`mpi token`). */
export const DEV_ISSUER = 'urn:mpi:dev';
export const DEV_AUDIENCE = 'urn:mpi';

export async function signDevToken(
  secret: Uint8Array,
  role: Role,
  ttlSeconds: number,
  subject = `local-${role}`,
): Promise<string> {
  return new SignJWT({ roles: [role] })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);
}

/**
 * Throws on a bad signature, issuer, audience, expiry or an unknown role. `exp` is required:
 * a token signed without one (by anyone holding the secret) would otherwise never expire.
 */
export async function verifyDevToken(secret: Uint8Array, token: string): Promise<Principal> {
  const { payload } = await jwtVerify(token, secret, {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    algorithms: ['HS256'],
    requiredClaims: ['exp'],
  });
  const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
  if (roles.length === 0) throw new Error('token names no known role');
  return {
    subject: payload.sub ?? 'unknown',
    client: typeof payload.client_id === 'string' ? payload.client_id : null,
    roles,
    permissions: permissionsOf(roles),
  };
}
