import { FieldError, normalizeRecord } from '../normalize/normalize-record';
import { ownIdentifier } from '../normalize/other-identifiers';
import { ReferenceTables } from '../normalize/reference-tables';
import { CanonicalRecord, MatchFeatures, NormalizedRecord, Tokenizer } from '../record-types';
import { buildFeatures } from './build-features';

/**
 * The one way a record becomes comparable, for ingest and for a `$match` or compare question
 * alike: normalize it against the reference tables, then build its features with the active
 * key's tokenizer. Invalid fields come back as errors, nothing half-built.
 */
export function prepareFeatures(
  input: CanonicalRecord,
  tables: ReferenceTables,
  tokenizer: Tokenizer,
  keyId: string,
): { record: NormalizedRecord; features: MatchFeatures } | { errors: FieldError[] } {
  const normalized = normalizeRecord(input, tables);
  if ('errors' in normalized) return normalized;
  return {
    record: normalized.record,
    features: buildFeatures(
      normalized.record,
      tokenizer,
      keyId,
      ownIdentifier(input.source ?? '', input.source_id ?? ''),
    ),
  };
}
