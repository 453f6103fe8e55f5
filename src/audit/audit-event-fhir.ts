import { ChainedAuditEvent } from './audit-chain';

/**
 * Audit events as FHIR R4 AuditEvent resources (pure mapping). The MPI's action names go into
 * `subtype`, the FHIR action code (C R U D E) is derived from them; persons are Patient
 * references (golden records), source records identifiers in the MPI's own system.
 */
export const ACTION_SYSTEM = 'urn:mpi:audit-action';
export const RECORD_SYSTEM = 'urn:mpi:source-record';
export const CORRELATION_EXTENSION = 'urn:mpi:fhir:StructureDefinition/correlation-id';
export const CHAIN_HASH_EXTENSION = 'urn:mpi:fhir:StructureDefinition/audit-chain-hash';
const PURPOSE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const EVENT_TYPE = {
  system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
  code: 'rest',
  display: 'RESTful Operation',
};

export interface FhirAuditEvent {
  resourceType: 'AuditEvent';
  id: string;
  [key: string]: unknown;
}

/** FHIR's action code: read, create, update, delete or execute. */
export function fhirActionCode(action: string, detail: unknown): 'C' | 'R' | 'U' | 'D' | 'E' {
  if (/\.(read|search|as-of|history|list|get)\b/.test(action) || action.startsWith('http.GET'))
    return 'R';
  if (/(unlink|delete)/.test(action)) return 'D';
  if (action === 'record.ingest') {
    const counts = (detail ?? {}) as { created?: number };
    return typeof counts.created === 'number' && counts.created > 0 ? 'C' : 'U';
  }
  if (/(match|compare|export|verify)/.test(action)) return 'E';
  return 'U';
}

/** 0 success, 4 minor failure (refused, invalid), 8 serious failure. */
function outcomeCode(outcome: string): '0' | '4' | '8' {
  if (outcome === 'success') return '0';
  return outcome === 'denied' ? '4' : '8';
}

export function toFhirAuditEvent(event: ChainedAuditEvent): FhirAuditEvent {
  const agents: Record<string, unknown>[] = [
    {
      who: { identifier: { system: 'urn:mpi:actor', value: event.actor } },
      altId: event.actor,
      requestor: true,
      ...(event.role ? { role: [{ text: event.role }] } : {}),
      ...(event.purpose
        ? { purposeOfUse: [{ coding: [{ system: PURPOSE_SYSTEM, code: event.purpose }] }] }
        : {}),
    },
  ];
  if (event.client) {
    agents.push({
      type: { text: 'client application' },
      who: { identifier: { system: 'urn:mpi:client', value: event.client } },
      requestor: false,
    });
  }
  const entities = [
    ...event.personIds.map((id) => ({
      what: { reference: `Patient/${id}` },
      type: { code: '1', display: 'Person' },
    })),
    ...event.recordIds.map((id) => ({
      what: { identifier: { system: RECORD_SYSTEM, value: id } },
      type: { code: '2', display: 'System Object' },
    })),
  ];
  return {
    resourceType: 'AuditEvent',
    id: event.seq,
    extension: [
      ...(event.correlationId
        ? [{ url: CORRELATION_EXTENSION, valueString: event.correlationId }]
        : []),
      ...(event.hash ? [{ url: CHAIN_HASH_EXTENSION, valueString: event.hash }] : []),
    ],
    type: EVENT_TYPE,
    subtype: [{ system: ACTION_SYSTEM, code: event.action }],
    action: fhirActionCode(event.action, event.detail),
    recorded: event.at.toISOString(),
    outcome: outcomeCode(event.outcome),
    outcomeDesc: event.outcome,
    ...(event.purpose
      ? { purposeOfEvent: [{ coding: [{ system: PURPOSE_SYSTEM, code: event.purpose }] }] }
      : {}),
    agent: agents,
    source: {
      observer: { display: 'mpi' },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4' }],
    },
    ...(entities.length > 0 ? { entity: entities } : {}),
  };
}
