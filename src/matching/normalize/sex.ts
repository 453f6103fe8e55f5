import { AdministrativeGender } from '../record-types';
import { FieldResult, invalid, present } from './field-result';

/**
 * Sex as FHIR administrative gender. Accepts the FHIR codes, HL7 v2 table 0001 codes
 * (M, F, O, U, A = ambiguous, N = not applicable) and common words, in any case.
 */
const CODES: ReadonlyMap<string, AdministrativeGender> = new Map([
  ['male', 'male'],
  ['m', 'male'],
  ['man', 'male'],
  ['female', 'female'],
  ['f', 'female'],
  ['woman', 'female'],
  ['other', 'other'],
  ['o', 'other'],
  ['a', 'other'],
  ['x', 'other'],
  ['unknown', 'unknown'],
  ['u', 'unknown'],
  ['unk', 'unknown'],
  ['n', 'unknown'],
]);

export function normalizeSex(raw: string): FieldResult<AdministrativeGender> {
  const text = raw.trim().toLowerCase();
  if (text === '') return present(null);
  const code = CODES.get(text);
  return code === undefined
    ? invalid('sex must be one of male, female, other, unknown')
    : present(code);
}
