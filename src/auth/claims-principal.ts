import { ROLES, Role, isRole, permissionsOf } from './permissions';
import { Principal } from './principal';
import { permissionsOfScopes, scopesOfClaims } from './smart-scopes';

/**
 * A verified token's claims as a Principal: MPI roles from `roles`, Keycloak's
 * `realm_access.roles` and `resource_access.<audience>.roles` (and one configurable claim),
 * plus SMART scopes. Role names may carry an `mpi-` or `mpi:` prefix (`mpi-steward`), since
 * identity providers share one role namespace among many applications.
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

export function roleOfName(name: string): Role | null {
  const bare = name.replace(/^mpi[-:]/, '');
  return isRole(bare) ? bare : null;
}

export function rolesOfClaims(claims: Record<string, unknown>, settings: ClaimsSettings): Role[] {
  const names = [
    ...namesIn(claims.roles),
    ...namesIn(claimAt(claims, 'realm_access.roles')),
    ...namesIn(clientRoles(claims, settings.audience)),
    ...namesIn(claimAt(claims, settings.rolesClaim)),
  ];
  const roles = new Set(names.map(roleOfName).filter((r): r is Role => r !== null));
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
  return {
    subject: stringClaim(claims, 'sub') ?? client ?? 'unknown',
    client,
    roles,
    permissions,
    scopes,
    ...(patient === null ? {} : { patientContext: patient }),
    issuer: settings.issuer,
  };
}
