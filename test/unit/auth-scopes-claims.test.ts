import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { principalOfClaims, roleOfName, rolesOfClaims } from '../../src/auth/claims-principal';
import { permissionsOfScope, scopesOfClaims } from '../../src/auth/smart-scopes';

const settings = { issuer: 'https://idp.example', audience: 'mpi-api', rolesClaim: 'mpi.roles' };

describe('permissionsOfScope: SMART v2 (and v1) scopes to MPI permissions', () => {
  const table: [string, string[]][] = [
    ['system/Patient.rs', ['patient:read', 'match']],
    ['user/Patient.rs', ['patient:read', 'match']],
    ['system/Patient.r', ['patient:read']],
    ['system/Patient.s', ['patient:read', 'match']],
    ['system/Patient.cu', ['record:write']],
    ['system/Patient.c', ['record:write']],
    ['system/Patient.cruds', ['patient:read', 'match', 'record:write']],
    ['system/Patient.read', ['patient:read', 'match']],
    ['system/Patient.write', ['record:write']],
    ['system/*.rs', ['patient:read', 'match']],
    ['user/*.read', ['patient:read', 'match']],
    ['user/AuditEvent.rs', ['audit:read']],
    ['system/AuditEvent.rs', ['audit:read']],
    ['patient/Patient.rs', ['patient:read-own']],
    ['patient/*.rs', ['patient:read-own']],
    ['patient/Patient.cu', []],
    ['patient/AuditEvent.rs', []],
    ['system/Observation.rs', []],
    ['system/Patient.d', []],
    ['system/Patient.rs?identifier=x|1', []],
    ['system/Patient.sr', []],
    ['system/Patient.rrs', []],
    ['openid', []],
    ['launch/patient', []],
    ['admin', []],
    ['', []],
  ];
  for (const [scope, expected] of table) {
    it(`${scope || '(empty)'} -> ${expected.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(permissionsOfScope(scope).sort(), [...expected].sort());
    });
  }

  it('reads scope strings and scp arrays, drops junk', () => {
    assert.deepEqual(scopesOfClaims({ scope: 'openid  system/Patient.rs system/Patient.rs' }), [
      'openid',
      'system/Patient.rs',
    ]);
    assert.deepEqual(scopesOfClaims({ scp: ['user/Patient.rs', 7, null] }), ['user/Patient.rs']);
    assert.deepEqual(scopesOfClaims({ scope: { evil: true } }), []);
  });
});

describe('principalOfClaims: roles and scopes from a verified token', () => {
  it('reads prefixed roles from roles, realm_access and the configured claim, bare ones from resource_access[audience]', () => {
    const claims = {
      roles: ['mpi-ingest', 'unrelated'],
      realm_access: { roles: ['mpi-steward'] },
      resource_access: { 'mpi-api': { roles: ['auditor'] }, other: { roles: ['admin'] } },
      mpi: { roles: 'mpi:match' },
    };
    assert.deepEqual(rolesOfClaims(claims, settings), ['ingest', 'match', 'steward', 'auditor']);
  });

  it('takes no bare role name from realm-wide claims: another application`s `admin` is not the MPI`s', () => {
    const claims = {
      roles: ['admin'],
      realm_access: { roles: ['admin', 'steward'] },
      mpi: { roles: 'auditor' },
    };
    assert.deepEqual(rolesOfClaims(claims, settings), []);
    assert.deepEqual(
      rolesOfClaims({ resource_access: { 'mpi-api': { roles: ['admin'] } } }, settings),
      ['admin'],
    );
  });

  it('never takes a role from another client or a lookalike name', () => {
    assert.equal(roleOfName('ADMIN'), null);
    assert.equal(roleOfName('mpi-admin '), null);
    assert.equal(roleOfName('xmpi-admin'), null);
    assert.equal(roleOfName('mpi-admin'), 'admin');
    assert.deepEqual(
      rolesOfClaims({ resource_access: { other: { roles: ['admin'] } } }, settings),
      [],
    );
  });

  it('combines role and scope permissions, names subject and client', () => {
    const principal = principalOfClaims(
      { sub: 'svc-1', azp: 'lab-feed', scope: 'system/Patient.cu', roles: ['mpi-auditor'] },
      settings,
    );
    assert.equal(principal.subject, 'svc-1');
    assert.equal(principal.client, 'lab-feed');
    assert.deepEqual([...principal.permissions].sort(), ['audit:read', 'record:write']);
    assert.deepEqual(principal.scopes, ['system/Patient.cu']);
    assert.equal(principal.issuer, 'https://idp.example');
  });

  it('carries the SMART launch patient beside a patient-context scope, and only there', () => {
    const portal = principalOfClaims(
      { sub: 'p', scope: 'launch/patient patient/Patient.rs', patient: 'abc' },
      settings,
    );
    assert.equal(portal.patientContext, 'abc');
    assert.deepEqual([...portal.permissions], ['patient:read-own']);
    const system = principalOfClaims(
      { sub: 's', scope: 'system/Patient.rs', patient: 'abc' },
      settings,
    );
    assert.equal(system.patientContext, undefined);
  });

  it('gives a token with neither roles nor known scopes no permission at all', () => {
    const principal = principalOfClaims({ sub: 'x', scope: 'openid profile' }, settings);
    assert.equal(principal.permissions.size, 0);
  });
});
