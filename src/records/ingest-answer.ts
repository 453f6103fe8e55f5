import { Principal } from '../auth/principal';
import { IngestOutcome } from './prepared-record';
import { IngestSummary } from './ingest.service';

/**
 * What an ingest answer may tell its caller. Which person a record joined, and how (`link:
 * auto`), says that the SSN and birth date sent belong to someone already known: an oracle for
 * a client that may write but not read patients. Such a caller gets each record's id and
 * status (and its errors) only.
 */
export function ingestAnswerFor(summary: IngestSummary, caller: Principal): IngestSummary {
  if (caller.permissions.has('patient:read')) return summary;
  return { ...summary, outcomes: summary.outcomes.map(minimalOutcome) };
}

function minimalOutcome(outcome: IngestOutcome): IngestOutcome {
  const { index, status, recordId, errors } = outcome;
  return {
    index,
    status,
    ...(recordId === undefined ? {} : { recordId }),
    ...(errors === undefined ? {} : { errors }),
  };
}
