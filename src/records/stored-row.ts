import { CopyValue, copyFields } from '../database/copy-in';
import { encodeFeatures } from '../database/stored-features';
import { PreparedRecord } from './prepared-record';

/**
 * A prepared record's columns as source_record stores them, from `source` to `content_hash`
 * (SourceRecordRepository.copyNew's order): a bulk load's COPY and the bench's COPY floor send
 * the same rows.
 */
export function storedColumns(r: PreparedRecord): CopyValue[] {
  return [
    r.source,
    r.sourceIdToken,
    r.sourceIdEnc,
    r.keyId,
    JSON.stringify(r.demographics),
    r.identifiersEnc,
    JSON.stringify(encodeFeatures(r.features)),
    r.contentHash,
  ];
}

/**
 * The same columns as COPY text, made on a bulk load's preparation thread: the JSON and the
 * escaping cost the linking thread nothing, which only puts the id and event time around it.
 */
export function storedRow(r: PreparedRecord): string {
  return copyFields(storedColumns(r));
}
