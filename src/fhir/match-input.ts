import { MpiError } from '../common/mpi-error';
import { CanonicalRecord } from '../matching/record-types';
import { OutcomeNote } from './fhir-resources';
import { patientToCanonical } from '../formats/patient-to-canonical';

/**
 * The $match Patient as a canonical query record (pure). The record key is irrelevant to a
 * query, so a placeholder stands in when the Patient has no MR identifier. A Patient the
 * server cannot fully understand (modifierExtension, implicitRules) is refused, as ITI-119
 * requires. A partial birth date (`1991`, `1991-10`, valid FHIR) cannot be compared by
 * day, so it is left out of the scoring and the caller is told.
 */
export interface MatchInput {
  record: CanonicalRecord;
  notes: OutcomeNote[];
}

const PARTIAL_DATE = /^\d{4}(-\d{2})?$/;
const QUERY_KEY = { source: 'urn:mpi:match-query', sourceId: 'query' };

export function matchInput(patient: Record<string, unknown>): MatchInput {
  for (const element of ['modifierExtension', 'implicitRules']) {
    if (patient[element] !== undefined) {
      throw new MpiError('invalid-input', 'the Patient is not valid', [
        {
          location: `Patient.${element}`,
          reason: `Patient.${element} is not supported: the match could not honour it`,
        },
      ]);
    }
  }
  const notes: OutcomeNote[] = [];
  let body = patient;
  if (typeof patient.birthDate === 'string' && PARTIAL_DATE.test(patient.birthDate)) {
    body = { ...patient, birthDate: undefined };
    notes.push({
      severity: 'warning',
      code: 'incomplete',
      diagnostics: 'birthDate is only a year or a month: it was left out of the scoring',
      expression: ['Patient.birthDate'],
    });
  }
  const mapped = patientToCanonical(body, QUERY_KEY);
  if ('errors' in mapped)
    throw new MpiError('invalid-input', 'the Patient is not valid', mapped.errors);
  const { source: _source, source_id: _sourceId, ...record } = mapped.record;
  return { record, notes };
}
