/** The MPI's roles, and what each may do. A route names the permission it needs. */
export const ROLES = ['ingest', 'match', 'steward', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/**
 * `patient:read-own` is what a SMART patient-context scope grants: reading the one person the
 * token's `patient` claim names (and that person's records), nothing else. No role carries it.
 */
export type Permission =
  | 'record:write'
  | 'patient:read'
  | 'patient:read-own'
  | 'match'
  | 'review'
  | 'audit:read'
  | 'admin';

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ingest: ['record:write'],
  // $match answers the golden records that fit a question; reading or searching the index
  // by other means is a steward's (the review found `match` harvesting it page by page).
  match: ['match'],
  steward: ['review', 'match', 'patient:read'],
  auditor: ['audit:read'],
  admin: ['record:write', 'patient:read', 'match', 'review', 'audit:read', 'admin'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
}
