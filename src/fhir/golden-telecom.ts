import { FhirContactPoint } from '../formats/fhir-patient';
import { distinctBySystemValue, recordTelecom } from './patient-identifiers';
import { RecordSnapshot } from './patient-snapshot';

const eventTime = (r: RecordSnapshot): number => Date.parse(r.eventAt ?? r.changedAt);

/**
 * A golden Patient's contacts. Like the address, they move as a unit with the newest
 * registration (by the time the source says it happened): its phone and e-mail come first,
 * ranked 1, a phone from one registration and an e-mail from another never presented as the
 * pair to use. Older contacts follow, newest first, unranked (still how the person may be
 * found: PIX and search read them).
 */
export function goldenTelecom(records: readonly RecordSnapshot[]): FhirContactPoint[] {
  const newestFirst = [...records].sort(
    (a, b) => eventTime(b) - eventTime(a) || a.recordId.localeCompare(b.recordId),
  );
  const unit = newestFirst.find((r) => recordTelecom(r).length > 0);
  const ranked = unit ? recordTelecom(unit).map((c) => ({ ...c, rank: 1 })) : [];
  return distinctBySystemValue([...ranked, ...newestFirst.flatMap(recordTelecom)]);
}
