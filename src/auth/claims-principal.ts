import { ROLES, Role, isRole, permissionsOf } from './permissions';
import { Principal } from './principal';
import { sourcesOfClaims } from './source-binding';
import { permissionsOfScopes, scopesOfClaims } from './smart-scopes';

/**
 * A verified token's claims as a Principal: MPI roles plus SMART scopes. Identity providers
 * share one role namespace among many applications, so where a role is read decides which
 * names count:
 *   resource_access.<audience>.roles   roles of this API's own client: bare (`steward`) or
 *                                      prefixed (`mpi-steward`, `mpi:steward`)
 *   roles, realm_access.roles, and     realm-wide: only prefixed names. Another application's
 *   the configured claim               realm role `admin` once made its holder an MPI admin.
 */
export interface ClaimsSettings {
  issuer: string;
  audience: string;
  rolesClaim: string;
}

function claimAt(claims: Record<string, unknown>, path: string): unknown {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** resource_access[audience].roles: the audience may hold dots (a URL), so no dotted path. */
function clientRoles(claims: Record<string, unknown>, audience: string): unknown {
  const access = claims.resource_access;
  if (typeof access !== 'object' || access === null || !Object.hasOwn(access, audience))
    return undefined;
  const entry = (access as Record<string, unknown>)[audience];
  return typeof entry === 'object' && entry !== null
    ? (entry as Record<string, unknown>).roles
    : undefined;
}

function namesIn(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[ ,]/);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A role of this API's own client: bare or prefixed. */
export function roleOfName(name: string): Role | null {
  const bare = name.replace(/^mpi[-:]/, '');
  return isRole(bare) ? bare : null;
}

/** A realm-wide role: only a prefixed name is the MPI's. */
export function roleOfPrefixedName(name: string): Role | null {
  return /^mpi[-:]/.test(name) ? roleOfName(name) : null;
}

export function rolesOfClaims(claims: Record<string, unknown>, settings: ClaimsSettings): Role[] {
  const realmWide = [
    ...namesIn(claims.roles),
    ...namesIn(claimAt(claims, 'realm_access.roles')),
    ...namesIn(claimAt(claims, settings.rolesClaim)),
  ].map(roleOfPrefixedName);
  const own = namesIn(clientRoles(claims, settings.audience)).map(roleOfName);
  const roles = new Set([...realmWide, ...own].filter((r): r is Role => r !== null));
  return ROLES.filter((r) => roles.has(r));
}

function stringClaim(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value !== '' && value.length <= 200 ? value : null;
}

export function principalOfClaims(
  claims: Record<string, unknown>,
  settings: ClaimsSettings,
): Principal {
  const roles = rolesOfClaims(claims, settings);
  const scopes = scopesOfClaims(claims);
  const permissions = permissionsOf(roles);
  for (const permission of permissionsOfScopes(scopes)) permissions.add(permission);
  const client = stringClaim(claims, 'client_id') ?? stringClaim(claims, 'azp');
  // SMART launch context: only meaningful beside a patient-context scope.
  const patient = permissions.has('patient:read-own') ? stringClaim(claims, 'patient') : null;
  const subject = stringClaim(claims, 'sub') ?? client ?? 'unknown';
  const sources = sourcesOfClaims(claims);
  return {
    subject,
    client,
    roles,
    permissions,
    scopes,
    ...(patient === null ? {} : { patientContext: patient }),
    ...(sources === undefined ? {} : { sources }),
    issuer: settings.issuer,
  };
}
