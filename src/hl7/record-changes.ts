import { CanonicalRecord } from '../matching/record-types';
import { RecordSnapshot } from '../fhir/patient-snapshot';
import { ContentColumn, RecordChanges } from './pid-record';

/**
 * The record an update stores (pure): the stored record's values, with each changed column
 * replaced or deleted. HL7 updates are partial (absent fields stay), while ingest replaces a
 * record whole; merging here lets the feed reuse the ingest path unchanged.
 */
export function applyChanges(
  stored: CanonicalRecord | null,
  key: { source: string; sourceId: string },
  changes: RecordChanges,
): CanonicalRecord {
  const record: CanonicalRecord = {
    ...(stored ?? {}),
    source: key.source,
    source_id: key.sourceId,
  };
  for (const [column, value] of Object.entries(changes) as [ContentColumn, string | null][]) {
    if (value === null) delete record[column];
    else record[column] = value;
  }
  return record;
}

/** A stored record as canonical columns: the names as registered, identifiers decrypted. */
export function canonicalOfSnapshot(snapshot: RecordSnapshot): CanonicalRecord {
  const d = snapshot.demographics;
  const ids = snapshot.identifiers;
  const columns: Record<ContentColumn, string | null | undefined> = {
    given_name: d.registered?.givenName ?? d.givenName,
    middle_name: d.registered?.middleName ?? d.middleName,
    family_name: d.registered?.familyName ?? d.familyName,
    suffix: d.suffix,
    birth_date: d.birthDate,
    sex: d.sex,
    ssn: ids?.ssn,
    phone: ids?.phone,
    email: ids?.email,
    address_line: d.addressLine,
    city: d.city,
    state: d.state,
    postal_code: d.postalCode,
    mothers_maiden_name: d.registered?.mothersMaidenName ?? d.mothersMaidenName,
    multiple_birth: d.multipleBirth === null ? null : String(d.multipleBirth),
    other_identifiers: ids?.otherIdentifiers.map((o) => `${o.system}|${o.value}`).join(';') || null,
  };
  const record: CanonicalRecord = { source: snapshot.source, source_id: snapshot.sourceId };
  for (const [column, value] of Object.entries(columns) as [
    ContentColumn,
    string | null | undefined,
  ][])
    if (value !== null && value !== undefined && value !== '') record[column] = value;
  return record;
}
