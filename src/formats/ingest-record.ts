import { CanonicalRecord } from '../matching/record-types';

/**
 * A record to ingest: its canonical fields, and when the source says the registration
 * happened (a FHIR Patient's `meta.lastUpdated`), when it says so.
 */
export type IngestRecord = CanonicalRecord & { eventAt?: string };
