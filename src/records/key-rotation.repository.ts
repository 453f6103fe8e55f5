import { Injectable } from '@nestjs/common';
import { StoredFeatures, decodeFeatures, encodeFeatures } from '../database/stored-features';
import { EntityManager } from 'typeorm';
import { Demographics } from '../formats/demographics';
import { RekeyedRecord, StoredKeyedRecord } from './key-rotation';

/** A stored record as key rotation reads it, with the hash that tells whether it changed. */
export type RotationCandidate = StoredKeyedRecord & { contentHash: string };

interface StoredRow {
  id: string;
  source: string;
  key_id: string;
  source_id_token: string;
  source_id_enc: string;
  identifiers_enc: string | null;
  features: StoredFeatures;
  demographics: Demographics;
  content_hash: string;
}

const STORED_COLUMNS = `r.id, r.source, r.key_id, r.source_id_token, r.source_id_enc, r.identifiers_enc, r.features, r.demographics, r.content_hash`;

function candidate(row: StoredRow): RotationCandidate {
  return {
    id: row.id,
    source: row.source,
    keyId: row.key_id,
    sourceIdToken: row.source_id_token,
    sourceIdEnc: row.source_id_enc,
    identifiersEnc: row.identifiers_enc,
    features: decodeFeatures(row.features),
    demographics: row.demographics,
    contentHash: row.content_hash,
  };
}

/**
 * The SQL of key rotation on `source_record` (whose ingest statements are in
 * SourceRecordRepository): find records under a retired key, lock them, and rewrite their
 * tokens, ciphertexts and features under the active key. Callers hold the transaction.
 */
@Injectable()
export class KeyRotationRepository {
  /** Records per key id. */
  async keyCounts(manager: EntityManager): Promise<Map<string, number>> {
    const rows: { key_id: string; n: number }[] = await manager.query(
      `select key_id, count(*)::int as n from source_record group by key_id order by key_id`,
    );
    return new Map(rows.map((r) => [r.key_id, r.n]));
  }

  /** The next records in id order after `afterId` that are not under the active key. */
  async nextUnderOtherKeys(
    manager: EntityManager,
    activeKeyId: string,
    afterId: string | null,
    limit: number,
  ): Promise<RotationCandidate[]> {
    const rows: StoredRow[] = await manager.query(
      `select ${STORED_COLUMNS} from source_record r
        where r.key_id <> $1 and ($2::uuid is null or r.id > $2::uuid) order by r.id limit $3`,
      [activeKeyId, afterId, limit],
    );
    return rows.map(candidate);
  }

  /** Locks the records (in id order) and reads their key and content hash as they are now. */
  async lockCurrent(
    manager: EntityManager,
    ids: string[],
  ): Promise<{ id: string; keyId: string; contentHash: string }[]> {
    const rows: { id: string; key_id: string; content_hash: string }[] = await manager.query(
      `select id, key_id, content_hash from source_record where id = any($1::uuid[]) order by id for update`,
      [ids],
    );
    return rows.map((r) => ({ id: r.id, keyId: r.key_id, contentHash: r.content_hash }));
  }

  /** Records found by retired-key tokens of their (source, source id), locked, in id order. */
  async lockByRetiredTokens(
    manager: EntityManager,
    keys: { sources: string[]; tokens: string[] },
    activeKeyId: string,
  ): Promise<RotationCandidate[]> {
    const rows: StoredRow[] = await manager.query(
      `select ${STORED_COLUMNS} from source_record r
         join unnest($1::text[], $2::text[]) as k(source, token) on r.source = k.source and r.source_id_token = k.token
        where r.key_id <> $3 order by r.id for update of r`,
      [keys.sources, keys.tokens, activeKeyId],
    );
    return rows.map(candidate);
  }

  /** Which of these (source, source id token) pairs a stored record already has. */
  async takenKeys(
    manager: EntityManager,
    keys: { source: string; sourceIdToken: string }[],
  ): Promise<{ source: string; sourceIdToken: string }[]> {
    const rows: { source: string; source_id_token: string }[] = await manager.query(
      `select r.source, r.source_id_token from source_record r
         join unnest($1::text[], $2::text[]) as k(source, token) on r.source = k.source and r.source_id_token = k.token`,
      [keys.map((k) => k.source), keys.map((k) => k.sourceIdToken)],
    );
    return rows.map((r) => ({ source: r.source, sourceIdToken: r.source_id_token }));
  }

  async writeRekeyed(manager: EntityManager, rekeyed: RekeyedRecord[]): Promise<void> {
    await manager.query(
      `update source_record s set
         source_id_token = u.token, source_id_enc = u.enc, key_id = u.key_id,
         identifiers_enc = u.ids, features = u.features, content_hash = u.hash
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[])
         as u(id, token, enc, key_id, ids, features, hash)
       where s.id = u.id`,
      [
        rekeyed.map((r) => r.id),
        rekeyed.map((r) => r.sourceIdToken),
        rekeyed.map((r) => r.sourceIdEnc),
        rekeyed.map((r) => r.keyId),
        rekeyed.map((r) => r.identifiersEnc),
        rekeyed.map((r) => JSON.stringify(encodeFeatures(r.features))),
        rekeyed.map((r) => r.contentHash),
      ],
    );
  }
}
