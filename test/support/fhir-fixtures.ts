import assert from 'node:assert/strict';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TestApp } from './test-app';

/** Canonical records (docs/interfaces.md 2.1 columns) sent through POST /api/records, as a source would. */
export type Row = Record<string, string>;

export interface Ingested {
  recordId: string;
  personId: string;
  status: string;
}

export async function ingestRows(t: TestApp, rows: Row[]): Promise<Ingested[]> {
  // An admin's answer names the person each record joined (an ingest client's does not).
  const token = await t.token('admin');
  const res = await request(t.baseUrl)
    .post('/api/records')
    .set('Authorization', `Bearer ${token}`)
    .send({ records: rows });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const outcomes = res.body.outcomes as {
    status: string;
    recordId?: string;
    personId?: string;
    errors?: unknown;
  }[];
  return outcomes.map((o) => {
    assert.notEqual(o.status, 'rejected', JSON.stringify(o.errors));
    return { recordId: o.recordId ?? '', personId: o.personId ?? '', status: o.status };
  });
}

/**
 * Gives a record a person of its own (a steward's unlink), whatever the model decided at
 * ingest: fixtures that need two distinct persons must not depend on the model's thresholds.
 */
export async function ownPerson(t: TestApp, recordId: string): Promise<string> {
  const token = await t.token('steward');
  const res = await request(t.baseUrl)
    .post(`/api/records/${recordId}/unlink`)
    .set('Authorization', `Bearer ${token}`)
    .send({ reason: 'fixture' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return personOf(t, recordId);
}

/** Links a record into a person (a steward's manual link). */
export async function linkTo(t: TestApp, recordId: string, personId: string): Promise<void> {
  const token = await t.token('steward');
  const res = await request(t.baseUrl)
    .post(`/api/records/${recordId}/link`)
    .set('Authorization', `Bearer ${token}`)
    .send({ personId, reason: 'fixture' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

export async function mergePersons(t: TestApp, loser: string, survivor: string): Promise<void> {
  const token = await t.token('steward');
  const res = await request(t.baseUrl)
    .post(`/api/persons/${loser}/merge`)
    .set('Authorization', `Bearer ${token}`)
    .send({ into: survivor, reason: 'fixture' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

export async function personOf(t: TestApp, recordId: string): Promise<string> {
  const rows: { person_id: string }[] = await t.app
    .get(DataSource)
    .query(`select person_id from record_link where record_id = $1`, [recordId]);
  const personId = rows[0]?.person_id;
  assert.ok(personId, 'the record is linked');
  return personId;
}

export interface PatientFields {
  family?: string;
  given?: string[];
  birthDate?: string;
  gender?: string;
  ssn?: string;
  phone?: string;
  email?: string;
  line?: string;
  city?: string;
  postalCode?: string;
  identifier?: { system: string; value: string }[];
}

/** A Patient as a $match or ingest body. */
export function patient(fields: PatientFields): Record<string, unknown> {
  const identifiers = [
    ...(fields.ssn ? [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: fields.ssn }] : []),
    ...(fields.identifier ?? []),
  ];
  const telecom = [
    ...(fields.phone ? [{ system: 'phone', value: fields.phone }] : []),
    ...(fields.email ? [{ system: 'email', value: fields.email }] : []),
  ];
  const address = {
    ...(fields.line ? { line: [fields.line] } : {}),
    ...(fields.city ? { city: fields.city } : {}),
    ...(fields.postalCode ? { postalCode: fields.postalCode } : {}),
  };
  return {
    resourceType: 'Patient',
    ...(fields.family || fields.given
      ? {
          name: [
            {
              ...(fields.family ? { family: fields.family } : {}),
              ...(fields.given ? { given: fields.given } : {}),
            },
          ],
        }
      : {}),
    ...(fields.birthDate ? { birthDate: fields.birthDate } : {}),
    ...(fields.gender ? { gender: fields.gender } : {}),
    ...(identifiers.length > 0 ? { identifier: identifiers } : {}),
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(Object.keys(address).length > 0 ? { address: [address] } : {}),
  };
}

export function matchParameters(
  resource: Record<string, unknown>,
  extra: Record<string, unknown>[] = [],
): Record<string, unknown> {
  return { resourceType: 'Parameters', parameter: [{ name: 'resource', resource }, ...extra] };
}

/** Raw $match through HTTP (for the error cases the clients would refuse to send). */
export function postMatch(
  t: TestApp,
  token: string,
  body: unknown,
  contentType = 'application/fhir+json',
): request.Test {
  return request(t.baseUrl)
    .post('/fhir/Patient/$match')
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', contentType)
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

export interface MatchEntry {
  fullUrl?: string;
  resource: {
    resourceType: string;
    id?: string;
    issue?: { severity: string; diagnostics?: string }[];
  } & Record<string, unknown>;
  search: {
    mode: string;
    score?: number;
    extension?: { url: string; valueCode?: string; extension?: unknown[] }[];
  };
}

export function patientEntries(bundle: { entry?: MatchEntry[] }): MatchEntry[] {
  return (bundle.entry ?? []).filter((e) => e.resource.resourceType === 'Patient');
}

export function gradeOf(entry: MatchEntry): string | undefined {
  return entry.search.extension?.find(
    (e) => e.url === 'http://hl7.org/fhir/StructureDefinition/match-grade',
  )?.valueCode;
}
