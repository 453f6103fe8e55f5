import { MatchFeatures } from '../matching/record-types';
import { Demographics } from '../formats/demographics';

/** A validated record, normalized and tokenized, ready to be written. */
export interface PreparedRecord {
  /** Position in the caller's batch (or the file's line), for reporting. */
  index: number;
  source: string;
  sourceIdToken: string;
  sourceIdEnc: string;
  keyId: string;
  demographics: Demographics;
  identifiersEnc: string | null;
  features: MatchFeatures;
  contentHash: string;
  /** Keyed hashes of the record's blocking keys. */
  blockKeys: string[];
  /** The source's event time (ISO); without one, the time the row is written stands for it. */
  eventAt?: string;
}

export interface Rejection {
  index: number;
  errors: { field: string; reason: string }[];
}

export type IngestStatus = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface IngestOutcome {
  index: number;
  status: IngestStatus;
  recordId?: string;
  personId?: string;
  link?: 'auto' | 'own-person' | 'manual';
  reviews?: number;
  errors?: { field: string; reason: string }[];
}
