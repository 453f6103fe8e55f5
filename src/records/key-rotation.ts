import { createHash } from 'node:crypto';
import { blockingKeys } from '../matching/blocking/blocking-keys';
import { buildFeatures } from '../matching/features/build-features';
import { ownIdentifier } from '../matching/normalize/other-identifiers';
import { MatchModel } from '../matching/model/match-model';
import { MatchFeatures, NormalizedRecord, Tokenizer } from '../matching/record-types';
import {
  Demographics,
  SensitiveIdentifiers,
  demographicsOf,
  identifiersOf,
} from '../formats/demographics';
import { CIPHER_CONTEXT, CipherColumn } from '../tokens/token.service';

/**
 * Re-keying one stored record to the active data key, without ever holding more than the
 * record itself: the identifiers come back out of their ciphertext (under whatever key sealed
 * them), the rest of the comparable form is already in the stored features. The result is
 * exactly what ingesting the record afresh would store -- same features, same content hash,
 * same blocking keys -- so a re-sent record stays `unchanged` after a rotation.
 */
export interface StoredKeyedRecord {
  id: string;
  source: string;
  keyId: string;
  sourceIdToken: string;
  sourceIdEnc: string;
  identifiersEnc: string | null;
  features: MatchFeatures;
  demographics: Demographics;
}

export interface RekeyedRecord {
  id: string;
  source: string;
  fromKeyId: string;
  fromSourceIdToken: string;
  keyId: string;
  sourceIdToken: string;
  sourceIdEnc: string;
  identifiersEnc: string | null;
  features: MatchFeatures;
  contentHash: string;
  blockKeys: string[];
}

/** What re-keying needs of the token service (TokenService has exactly these). */
export interface RekeyTools {
  readonly activeKeyId: string;
  readonly tokenizer: Tokenizer;
  sourceIdToken(source: string, sourceId: string): string;
  blockKey(key: string): string;
  encrypt(plaintext: string, column: CipherColumn, sourceIdToken: string): string;
  decrypt(sealed: string, column: CipherColumn, sourceIdToken: string): string;
}

/**
 * The normalized record behind stored features and decrypted identifiers. Fields the features
 * keep under their normalized name (e.g. givenNicknameGroup) pass through as they are, so a
 * field added to both later is not lost by a rotation.
 */
export function normalizedFromStored(
  features: MatchFeatures,
  ids: SensitiveIdentifiers | null,
): NormalizedRecord {
  return {
    ...(features as unknown as Partial<NormalizedRecord>),
    givenName: features.given,
    givenCanonical: features.givenCanonical,
    middleName: features.middle,
    familyName: features.family,
    familyParts: features.familyParts,
    suffix: features.suffix,
    birthDate: features.birthDate,
    sex: features.sex,
    ssn: ids?.ssn ?? null,
    phone: ids?.phone ?? null,
    email: ids?.email ?? null,
    addressLine: features.addressLine,
    city: features.city,
    state: features.state,
    postalCode: features.postalCode,
    mothersMaidenName: features.mothersMaidenName,
    multipleBirth: features.multipleBirth,
    otherIdentifiers: ids?.otherIdentifiers ?? [],
    issues: [],
  };
}

/** Same formula as RecordPreparer: a re-keyed record must hash as a fresh ingest would. */
export function contentHashOf(features: MatchFeatures, demographics: Demographics): string {
  return createHash('sha256')
    .update(JSON.stringify([features, demographics]))
    .digest('base64url');
}

/** Throws FieldCipherError when the record's key is no longer configured. */
export function rekeyRecord(
  stored: StoredKeyedRecord,
  tools: RekeyTools,
  model: MatchModel,
): RekeyedRecord {
  const sourceId = tools.decrypt(stored.sourceIdEnc, CIPHER_CONTEXT.sourceId, stored.sourceIdToken);
  const ids = stored.identifiersEnc
    ? (JSON.parse(
        tools.decrypt(stored.identifiersEnc, CIPHER_CONTEXT.identifiers, stored.sourceIdToken),
      ) as SensitiveIdentifiers)
    : null;
  const normalized = normalizedFromStored(stored.features, ids);
  const own = ownIdentifier(stored.source, sourceId);
  const features = buildFeatures(normalized, tools.tokenizer, tools.activeKeyId, own);
  // Stored values, in the key order a fresh ingest writes them (jsonb does not keep it).
  const demographics: Demographics = { ...demographicsOf(normalized), ...stored.demographics };
  const identifiers = identifiersOf(normalized);
  // Sealed anew for the row's new source-key token (the associated data names the row).
  const sourceIdToken = tools.sourceIdToken(stored.source, sourceId);
  return {
    id: stored.id,
    source: stored.source,
    fromKeyId: stored.keyId,
    fromSourceIdToken: stored.sourceIdToken,
    keyId: tools.activeKeyId,
    sourceIdToken,
    sourceIdEnc: tools.encrypt(sourceId, CIPHER_CONTEXT.sourceId, sourceIdToken),
    identifiersEnc: identifiers
      ? tools.encrypt(JSON.stringify(identifiers), CIPHER_CONTEXT.identifiers, sourceIdToken)
      : null,
    features,
    contentHash: contentHashOf(features, demographics),
    blockKeys: blockingKeys(model, features).map((key) => tools.blockKey(key)),
  };
}
