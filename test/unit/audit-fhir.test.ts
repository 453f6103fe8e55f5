import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChainedAuditEvent } from '../../src/audit/audit-chain';
import { fhirActionCode, toFhirAuditEvent } from '../../src/audit/audit-event-fhir';
import { parseFhirAuditSearch } from '../../src/audit/audit-fhir-search';
import { MpiError } from '../../src/common/mpi-error';

const PERSON = '3f2b1c7e-0d7a-4c1e-9a55-2b6f0e4d8a11';
const RECORD = '9a0e3c55-1b2d-4e6f-8a7b-0c1d2e3f4a5b';

describe('parseFhirAuditSearch', () => {
  it('maps FHIR parameters onto the filter', () => {
    const { filter, count, offset } = parseFhirAuditSearch({
      date: ['ge2025-01-01', 'lt2025-02-01T00:00:00Z'],
      agent: 'alice',
      subtype: 'urn:mpi:audit-action|record.ingest',
      outcome: '4',
      patient: `Patient/${PERSON}`,
      entity: RECORD,
      _count: '10',
      _offset: '20',
    });
    assert.equal(count, 10);
    assert.equal(offset, 20);
    assert.deepEqual(filter, {
      limit: 10,
      offset: 20,
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2025-02-01T00:00:00Z'),
      actor: 'alice',
      action: 'record.ingest',
      outcome: 'denied',
      personId: PERSON,
      recordId: RECORD,
    });
  });

  it('reads date prefixes as a range: eq a day, le the end of the day, gt after it', () => {
    assert.deepEqual(parseFhirAuditSearch({ date: '2025-03-04' }).filter, {
      limit: 50,
      offset: 0,
      from: new Date('2025-03-04T00:00:00Z'),
      to: new Date('2025-03-05T00:00:00Z'),
    });
    assert.deepEqual(
      parseFhirAuditSearch({ date: 'le2025-03-04' }).filter.to,
      new Date('2025-03-05T00:00:00Z'),
    );
    assert.deepEqual(
      parseFhirAuditSearch({ date: 'gt2025-03-04' }).filter.from,
      new Date('2025-03-05T00:00:00Z'),
    );
  });

  it('refuses unknown parameters, bad dates, repeated values, bad counts and ids, without echoing them', () => {
    const bad: Record<string, unknown>[] = [
      { flavour: 'x' },
      { date: '2025-02-30' },
      { date: 'about-2025' },
      { date: ['ge2025-01-01', 'le2025-02-01', 'eq2025-01-15'] },
      { agent: ['a', 'b'] },
      { _count: '0' },
      { _count: '1e3' },
      { outcome: '2' },
      { patient: "Patient/'; drop table x" },
    ];
    for (const query of bad) {
      assert.throws(
        () => parseFhirAuditSearch(query),
        (error: unknown) => {
          assert.ok(error instanceof MpiError);
          assert.equal(error.code, 'invalid-input');
          assert.equal(JSON.stringify(error).includes('drop table'), false);
          return true;
        },
      );
    }
  });
});

describe('toFhirAuditEvent', () => {
  const event: ChainedAuditEvent = {
    seq: '42',
    at: new Date('2025-05-06T07:08:09.010Z'),
    actor: 'svc-portal',
    role: 'system/Patient.rs',
    client: 'portal',
    purpose: 'TREAT',
    action: 'person.read',
    outcome: 'success',
    correlationId: 'req-1',
    recordIds: [RECORD],
    personIds: [PERSON],
    detail: {},
    prevHash: '0'.repeat(64),
    hash: 'a'.repeat(64),
  };

  it('names who, from which client, why, what and whom', () => {
    const resource = toFhirAuditEvent(event);
    assert.equal(resource.id, '42');
    assert.equal(resource.recorded, '2025-05-06T07:08:09.010Z');
    assert.equal(resource.action, 'R');
    assert.equal(resource.outcome, '0');
    const agents = resource.agent as {
      requestor: boolean;
      who: { identifier: { value: string } };
    }[];
    assert.deepEqual(
      agents.map((a) => [a.who.identifier.value, a.requestor]),
      [
        ['svc-portal', true],
        ['portal', false],
      ],
    );
    assert.deepEqual(
      (resource.purposeOfEvent as { coding: { code: string }[] }[])[0]?.coding[0]?.code,
      'TREAT',
    );
    const entities = resource.entity as {
      what: { reference?: string; identifier?: { value: string } };
    }[];
    assert.equal(entities[0]?.what.reference, `Patient/${PERSON}`);
    assert.equal(entities[1]?.what.identifier?.value, RECORD);
  });

  it('derives the FHIR action code from the MPI action', () => {
    assert.equal(fhirActionCode('record.ingest', { created: 1 }), 'C');
    assert.equal(fhirActionCode('record.ingest', { created: 0, updated: 1 }), 'U');
    assert.equal(fhirActionCode('patient.match', {}), 'E');
    assert.equal(fhirActionCode('link.unlink', {}), 'D');
    assert.equal(fhirActionCode('http.GET /api/reviews', {}), 'R');
    assert.equal(fhirActionCode('review.assign', {}), 'U');
  });
});
