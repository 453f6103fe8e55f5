import { NormalizedRecord } from '../matching/record-types';

/**
 * The non-identifier fields of a record, as registered but cleaned, kept for display and
 * for survivorship. Identifiers are not here: they are tokens in features and encrypted.
 */
export type Demographics = Pick<
  NormalizedRecord,
  | 'givenName'
  | 'middleName'
  | 'familyName'
  | 'suffix'
  | 'birthDate'
  | 'sex'
  | 'addressLine'
  | 'city'
  | 'state'
  | 'postalCode'
  | 'mothersMaidenName'
  | 'multipleBirth'
> & {
  /** Names as the source spelled them, where that says more than the folded value. */
  registered?: RegisteredNames;
};

/** Registered spellings of the name fields (records/registered-names.ts). */
export type RegisteredNames = Partial<
  Record<'givenName' | 'middleName' | 'familyName' | 'mothersMaidenName', string>
>;

/** The identifiers, encrypted as one JSON value. */
export interface SensitiveIdentifiers {
  ssn: string | null;
  phone: string | null;
  email: string | null;
  otherIdentifiers: { system: string; value: string }[];
}

export function demographicsOf(record: NormalizedRecord): Demographics {
  return {
    givenName: record.givenName,
    middleName: record.middleName,
    familyName: record.familyName,
    suffix: record.suffix,
    birthDate: record.birthDate,
    sex: record.sex,
    addressLine: record.addressLine,
    city: record.city,
    state: record.state,
    postalCode: record.postalCode,
    mothersMaidenName: record.mothersMaidenName,
    multipleBirth: record.multipleBirth,
  };
}

export function identifiersOf(record: NormalizedRecord): SensitiveIdentifiers | null {
  const ids: SensitiveIdentifiers = {
    ssn: record.ssn,
    phone: record.phone,
    email: record.email,
    otherIdentifiers: record.otherIdentifiers,
  };
  const empty = !ids.ssn && !ids.phone && !ids.email && ids.otherIdentifiers.length === 0;
  return empty ? null : ids;
}
