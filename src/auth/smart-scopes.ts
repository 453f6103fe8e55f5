import { Permission } from './permissions';

/**
 * SMART App Launch v2 scopes (and their v1 spellings) to the MPI's permissions:
 *
 *   system/Patient.rs, user/Patient.rs   patient:read (r) and match (s: searching and $match)
 *   system/Patient.cu, user/Patient.cu   record:write (c or u: ingest)
 *   patient/Patient.rs, patient/*.rs     patient:read-own only: a patient-context app reads
 *                                        the person of its `patient` claim, never searches
 *   system/AuditEvent.rs, user/...       audit:read (AuditEvent named: `*` never grants it)
 *   *.read / *.write / *.*               v1 for rs / cud / cruds
 *
 * `*` as the resource covers Patient only: the audit trail names every reader of every
 * patient, so only a scope that names AuditEvent opens it. A scope with a query constraint
 * (`Patient.rs?identifier=...`) grants nothing: the MPI cannot enforce the constraint, so it
 * fails closed. Steward and admin powers come only from roles, never from scopes.
 */
const SCOPE = /^(patient|user|system)\/([A-Za-z]+|\*)\.([a-z*]+)$/;
const V1_ACTIONS: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };
const V2_ACTIONS = /^c?r?u?d?s?$/;

function actionsOf(raw: string): string | null {
  if (V1_ACTIONS[raw] !== undefined) return V1_ACTIONS[raw];
  return raw !== '' && V2_ACTIONS.test(raw) ? raw : null;
}

function patientPermissions(context: string, actions: string): Permission[] {
  const reads = actions.includes('r') || actions.includes('s');
  if (context === 'patient') return reads ? ['patient:read-own'] : [];
  const granted: Permission[] = [];
  if (reads) granted.push('patient:read');
  if (actions.includes('s')) granted.push('match');
  if (actions.includes('c') || actions.includes('u')) granted.push('record:write');
  return granted;
}

function auditPermissions(context: string, actions: string): Permission[] {
  return context !== 'patient' && (actions.includes('r') || actions.includes('s'))
    ? ['audit:read']
    : [];
}

/** Permissions of one scope; none for scopes that are not SMART resource scopes. */
export function permissionsOfScope(scope: string): Permission[] {
  const parsed = SCOPE.exec(scope);
  if (!parsed) return [];
  const [, context = '', resource = '', rawActions = ''] = parsed;
  const actions = actionsOf(rawActions);
  if (actions === null) return [];
  const granted: Permission[] = [];
  if (resource === 'Patient' || resource === '*')
    granted.push(...patientPermissions(context, actions));
  if (resource === 'AuditEvent') granted.push(...auditPermissions(context, actions));
  return granted;
}

export function permissionsOfScopes(scopes: readonly string[]): Set<Permission> {
  return new Set(scopes.flatMap(permissionsOfScope));
}

/** `scope` (space-separated, RFC 8693/9068) or `scp` (array or string), as issuers send it. */
export function scopesOfClaims(claims: Record<string, unknown>): string[] {
  const raw = claims.scope ?? claims.scp;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(' ') : [];
  return [
    ...new Set(
      list.filter((s): s is string => typeof s === 'string' && s !== '' && s.length <= 200),
    ),
  ].slice(0, 100);
}

/** The scopes the service understands, for /.well-known/smart-configuration. */
export const SUPPORTED_SCOPES = [
  'system/Patient.rs',
  'system/Patient.cu',
  'system/Patient.cruds',
  'user/Patient.rs',
  'user/Patient.cu',
  'patient/Patient.rs',
  'system/AuditEvent.rs',
  'user/AuditEvent.rs',
];
