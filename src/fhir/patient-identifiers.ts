import {
  FhirContactPoint,
  FhirIdentifier,
  IDENTIFIER_TYPE_SYSTEM,
  SSN_SYSTEM,
} from '../formats/fhir-patient';
import { RecordSnapshot } from './patient-snapshot';

/**
 * The business identifiers and contact points of source records, as FHIR writes them: the
 * record key as an MR identifier (system = source), the SSN, and the further identifiers
 * (system as normalized: lower-case; value as normalized: letters and digits).
 */
export function mrIdentifier(source: string, sourceId: string): FhirIdentifier {
  return {
    use: 'usual',
    type: {
      coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code: 'MR', display: 'Medical record number' }],
    },
    system: source,
    value: sourceId,
  };
}

export function ssnIdentifier(ssn: string): FhirIdentifier {
  return {
    type: {
      coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code: 'SS', display: 'Social Security number' }],
    },
    system: SSN_SYSTEM,
    value: ssn,
  };
}

export function recordIdentifiers(record: RecordSnapshot): FhirIdentifier[] {
  const ids = record.identifiers;
  return [
    mrIdentifier(record.source, record.sourceId),
    ...(ids?.ssn ? [ssnIdentifier(ids.ssn)] : []),
    ...(ids?.otherIdentifiers ?? []).map((id) => ({ system: id.system, value: id.value })),
  ];
}

export function recordTelecom(record: RecordSnapshot): FhirContactPoint[] {
  const ids = record.identifiers;
  return [
    ...(ids?.phone ? [{ system: 'phone', value: ids.phone }] : []),
    ...(ids?.email ? [{ system: 'email', value: ids.email }] : []),
  ];
}

/** Keeps the first of each system|value pair (several records may carry one SSN). */
export function distinctBySystemValue<T extends { system?: string; value?: string }>(
  items: T[],
): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.system ?? ''}|${item.value ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
