import { GoldenRecord } from '../linkage/golden-record';
import { Demographics, SensitiveIdentifiers } from '../formats/demographics';

/**
 * What the Patient mappings read: a person (golden record) and source records with their
 * identifiers already decrypted. Built by PatientViewService, consumed by pure mappers.
 */
export interface PersonSnapshot {
  id: string;
  status: 'active' | 'merged' | 'empty';
  mergedInto: string | null;
  version: number;
  updatedAt: string;
  golden: GoldenRecord;
}

export interface RecordSnapshot {
  recordId: string;
  source: string;
  /** The record's id in its source (MRN), decrypted. */
  sourceId: string;
  identifiers: SensitiveIdentifiers | null;
  demographics: Demographics;
  changedAt: string;
  /** When the source says the registration happened; absent on records stored before. */
  eventAt?: string;
  version: number;
  personId: string | null;
}
