import { CanonicalRecord } from '../matching/record-types';
import { Hl7Error } from './hl7-ack';
import { AuthorityName } from './hl7-domains';
import { Hl7Message } from './hl7-message';
import { ContentColumn } from './pid-record';

/**
 * PDQ query parameters (ITI-21 QPD-3, pure): repetitions `@PID.5.1.1^SMITH`, each a PID
 * field path and a value, read into a canonical query record; an identifier (PID.3.1 with
 * PID.3.4.x) is kept apart, for an exact lookup.
 */
export interface PdqCriteria {
  record: CanonicalRecord;
  identifier: { id: string; authority: AuthorityName } | null;
}

const COLUMN_OF: Record<string, ContentColumn> = {
  'PID.5': 'family_name',
  'PID.5.1': 'family_name',
  'PID.5.1.1': 'family_name',
  'PID.5.2': 'given_name',
  'PID.5.3': 'middle_name',
  'PID.6': 'mothers_maiden_name',
  'PID.6.1': 'mothers_maiden_name',
  'PID.6.1.1': 'mothers_maiden_name',
  'PID.7': 'birth_date',
  'PID.7.1': 'birth_date',
  'PID.8': 'sex',
  'PID.11.1': 'address_line',
  'PID.11.1.1': 'address_line',
  'PID.11.3': 'city',
  'PID.11.4': 'state',
  'PID.11.5': 'postal_code',
  'PID.13': 'phone',
  'PID.13.1': 'phone',
  'PID.19': 'ssn',
};

const SEX: Record<string, string> = {
  M: 'male',
  F: 'female',
  O: 'other',
  A: 'other',
  U: 'unknown',
};

export function readPdqCriteria(
  message: Hl7Message,
  field: string,
): { ok: true; criteria: PdqCriteria } | { ok: false; errors: Hl7Error[] } {
  const record: CanonicalRecord = {};
  const id = { id: '', namespace: '', universalId: '', universalIdType: '' };
  const errors: Hl7Error[] = [];
  message.repetitions(field).forEach((rep, i) => {
    const path = message.component(rep, 1).replace(/^@/, '').toUpperCase();
    const value = message.component(rep, 2);
    const column = COLUMN_OF[path];
    if (column === 'birth_date') {
      const digits = /^(\d{4})(\d{2})(\d{2})/.exec(value);
      if (digits) record.birth_date = `${digits[1]}-${digits[2]}-${digits[3]}`;
      else
        errors.push({
          code: 102,
          location: { segment: 'QPD', field: 3, repetition: i + 1 },
          reason: 'a birth date is YYYYMMDD',
        });
    } else if (column === 'sex') record.sex = SEX[value.toUpperCase()] ?? value;
    else if (column) record[column] = value;
    else if (path === 'PID.3.1' || path === 'PID.3') id.id = value;
    else if (path === 'PID.3.4' || path === 'PID.3.4.1') id.namespace = value;
    else if (path === 'PID.3.4.2') id.universalId = value;
    else if (path === 'PID.3.4.3') id.universalIdType = value;
    else
      errors.push({
        code: 103,
        location: { segment: 'QPD', field: 3, repetition: i + 1 },
        reason: 'this MPI does not search by that field',
      });
  });
  if (errors.length > 0) return { ok: false, errors };
  const { id: value, ...authority } = id;
  return {
    ok: true,
    criteria: { record, identifier: value === '' ? null : { id: value, authority } },
  };
}
