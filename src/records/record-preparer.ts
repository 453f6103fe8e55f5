import { hash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ReferenceTablesProvider } from '../config/reference-tables.provider';
import { prepareFeatures } from '../matching/features/prepare-features';
import { CanonicalRecord, MatchFeatures } from '../matching/record-types';
import { ReferenceTables } from '../matching/normalize/reference-tables';
import { PairScorer } from '../retrieval/pair-scorer';
import { CIPHER_CONTEXT, TokenService } from '../tokens/token.service';
import { demographicsOf, identifiersOf } from '../formats/demographics';
import { IngestRecord } from '../formats/ingest-record';
import { PreparedRecord, Rejection } from './prepared-record';
import { registeredNamesOf } from './registered-names';

const KEY_LIMIT = 200;

/**
 * The CPU half of ingest: validate, normalize, tokenize, encrypt, derive blocking keys.
 * No database here, so it can run ahead of the writer and be benchmarked alone.
 */
@Injectable()
export class RecordPreparer {
  constructor(
    private readonly tables: ReferenceTablesProvider,
    private readonly tokens: TokenService,
    private readonly scorer: PairScorer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  prepare(input: IngestRecord, index: number): PreparedRecord | Rejection {
    return prepareRecord(input, index, {
      tables: this.tables.tables,
      tokens: this.tokens,
      storedBlockKeys: (features) => this.scorer.storedBlockKeys(features),
    });
  }

  get maxBatch(): number {
    return this.config.http.maxBatch;
  }
}

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Any surrogate: most text has none, and this scan is cheaper than LONE_SURROGATE's. */
const SURROGATE = /[\uD800-\uDFFF]/;

function validateKey(input: CanonicalRecord): { field: string; reason: string }[] {
  const errors: { field: string; reason: string }[] = [];
  for (const field of ['source', 'source_id'] as const) {
    const value = input[field]?.trim() ?? '';
    if (value === '') errors.push({ field, reason: `${field} is required` });
    else if (value.length > KEY_LIMIT)
      errors.push({ field, reason: `${field} is longer than ${KEY_LIMIT} characters` });
    else if (CONTROL_CHARACTERS.test(value))
      errors.push({ field, reason: `${field} contains control characters` });
  }
  // PostgreSQL text holds neither U+0000 nor half a surrogate pair: refused here, by field,
  // rather than failing the whole batch in the database.
  const fields = input as Record<string, unknown>;
  for (const field of Object.keys(fields)) {
    const value = fields[field];
    if (typeof value !== 'string') continue;
    if (field !== 'source' && field !== 'source_id' && value.includes('\u0000'))
      errors.push({ field, reason: `${field} contains a NUL character` });
    else if (SURROGATE.test(value) && LONE_SURROGATE.test(value))
      errors.push({ field, reason: `${field} is not valid Unicode` });
  }
  return errors;
}

/** What preparing a record needs: the reference tables, the keys and the blocking keys' form. */
export interface PreparationTools {
  tables: ReferenceTables;
  tokens: TokenService;
  storedBlockKeys: (features: MatchFeatures) => string[];
}

/**
 * The one preparation of a record, for the live ingest (RecordPreparer) and the bulk import's
 * worker threads alike: validate, normalize, tokenize, encrypt, derive blocking keys.
 */
export function prepareRecord(
  input: IngestRecord,
  index: number,
  tools: PreparationTools,
): PreparedRecord | Rejection {
  const { tokens } = tools;
  const keyErrors = validateKey(input);
  const keyId = tokens.activeKeyId;
  const prepared = prepareFeatures(input, tools.tables, tokens.tokenizer, keyId);
  const errors = [...keyErrors, ...('errors' in prepared ? prepared.errors : [])];
  if (errors.length > 0 || !('record' in prepared)) return { index, errors };
  const { record, features } = prepared;
  const source = (input.source ?? '').trim();
  const sourceId = (input.source_id ?? '').trim();
  const demographics = demographicsOf(record);
  const registered = registeredNamesOf(input, demographics);
  if (registered) demographics.registered = registered;
  const identifiers = identifiersOf(record);
  const sourceIdToken = tokens.sourceIdToken(source, sourceId);
  return {
    index,
    source,
    sourceIdToken,
    sourceIdEnc: tokens.encrypt(sourceId, CIPHER_CONTEXT.sourceId, sourceIdToken),
    keyId,
    demographics,
    identifiersEnc: identifiers
      ? tokens.encrypt(JSON.stringify(identifiers), CIPHER_CONTEXT.identifiers, sourceIdToken)
      : null,
    features,
    // One-shot hash: a Hash object per record cost more than hashing its 2 kB.
    contentHash: hash('sha256', JSON.stringify([features, demographics]), 'base64url'),
    blockKeys: tools.storedBlockKeys(features),
    ...(input.eventAt === undefined ? {} : { eventAt: input.eventAt }),
  };
}

export function isRejection(value: PreparedRecord | Rejection): value is Rejection {
  return 'errors' in value;
}
