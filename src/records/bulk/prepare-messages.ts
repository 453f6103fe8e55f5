import { IngestRecord } from '../../formats/ingest-record';
import { ComputedGolden, GoldenTask, NameCounts } from '../../linkage/golden-computer';
import { SurvivorshipRules } from '../../linkage/golden-record';
import { MatchModel } from '../../matching/model/match-model';
import { PreparedRecord, Rejection } from '../prepared-record';

/** What the pool hands each worker: the keys, the model and the survivorship rules. */
export interface PrepareWorkerData {
  dataKeys: { id: string; secret: Uint8Array }[];
  model: MatchModel;
  rules: SurvivorshipRules;
}

/** A chunk of rows to prepare, each with its row number in the file. */
export interface PrepareRequest {
  kind: 'prepare';
  seq: number;
  rows: { index: number; record: IngestRecord }[];
}

/** Golden records to compute, as GoldenRecordService computes them, with their stored forms. */
export interface GoldenRequest {
  kind: 'goldens';
  seq: number;
  tasks: readonly GoldenTask[];
  counts: NameCounts;
}

/** A record prepared for a bulk load, with its source_record columns as COPY text (storedRow). */
export interface BulkPrepared extends PreparedRecord {
  storedRow: string;
}

export interface PrepareResponse {
  seq: number;
  results: (BulkPrepared | Rejection)[];
}

export interface GoldenResponse {
  seq: number;
  results: ComputedGolden[];
}
