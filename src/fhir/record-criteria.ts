import { AdministrativeGender } from '../matching/record-types';
import { DateComparison } from './search-date';

/** A stored record's key: its source and the keyed token of its id in that source. */
export interface RecordKey {
  source: string;
  sourceIdToken: string;
}

/** The tokenized contact and identifier fields of a stored record's features. */
export type TokenField = 'ssn' | 'phone' | 'email';

/** The folded demographic text a search compares from the start (or whole, when exact). */
export type DemographicText = 'familyName' | 'givenName' | 'middleName' | 'postalCode';

/**
 * What a stored source record must meet to be found by a search or an identifier lookup.
 * The services build criteria from values normalized and tokenized as ingest does them; only
 * the repository (`FhirPatientRepository`) turns them into SQL.
 */
export type RecordCriterion =
  /** Matches no record: a value the normalizer drops, an id that is not a uuid. */
  | { kind: 'nothing' }
  /** The record is linked to this person. */
  | { kind: 'linkedTo'; personId: string }
  /** The record is the one of this key. */
  | ({ kind: 'recordKey' } & RecordKey)
  /** The record is one of these keys (many at once, in one statement). */
  | { kind: 'recordKeys'; keys: readonly RecordKey[] }
  /** The record's SSN, phone or e-mail has this token. */
  | { kind: 'fieldToken'; field: TokenField; token: string }
  /** The record carries a further identifier of this (normalized) system with this token. */
  | { kind: 'otherIdentifier'; system: string; token: string }
  /** A folded demographic value starts with (`prefix`) or is (`exact`) this text. */
  | { kind: 'demographicText'; field: DemographicText; value: string; exact: boolean }
  /** The record's administrative sex. */
  | { kind: 'sex'; sex: AdministrativeGender }
  /** The record's birth date compared with a FHIR date search's range. */
  | { kind: 'birthDate'; comparison: DateComparison }
  /** At least one of these (none: no record). */
  | { kind: 'anyOf'; criteria: readonly RecordCriterion[] };

export const NO_RECORD: RecordCriterion = { kind: 'nothing' };
