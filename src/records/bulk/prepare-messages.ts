import { IngestRecord } from '../../formats/ingest-record';
import { MatchModel } from '../../matching/model/match-model';
import { PreparedRecord, Rejection } from '../prepared-record';

/** What the pool hands each worker: the keys and the model the main thread uses. */
export interface PrepareWorkerData {
  dataKeys: { id: string; secret: Uint8Array }[];
  model: MatchModel;
}

/** A chunk of rows to prepare, each with its row number in the file. */
export interface PrepareRequest {
  seq: number;
  rows: { index: number; record: IngestRecord }[];
}

/** A record prepared for a bulk load, with its source_record columns as COPY text (storedRow). */
export interface BulkPrepared extends PreparedRecord {
  storedRow: string;
}

export interface PrepareResponse {
  seq: number;
  results: (BulkPrepared | Rejection)[];
}
