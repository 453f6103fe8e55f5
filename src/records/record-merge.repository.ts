import { Injectable } from '@nestjs/common';
import { StoredFeatures, decodeFeatures, encodeFeatures } from '../database/stored-features';
import { EntityManager } from 'typeorm';
import { MatchFeatures } from '../matching/record-types';

/** A stored record found by its key, locked, with its link. */
export interface KeyedRecordRow {
  id: string;
  sourceIdToken: string;
  identifiersEnc: string | null;
  features: MatchFeatures;
  personId: string | null;
}

/** The SQL of source-driven merges and re-keying (HL7 A40 and A47). */
@Injectable()
export class RecordMergeRepository {
  async lockByKey(
    manager: EntityManager,
    source: string,
    sourceIdToken: string,
  ): Promise<KeyedRecordRow | null> {
    const rows: {
      id: string;
      source_id_token: string;
      identifiers_enc: string | null;
      features: StoredFeatures;
      person_id: string | null;
    }[] = await manager.query(
      `select r.id, r.source_id_token, r.identifiers_enc, r.features, l.person_id
         from source_record r left join record_link l on l.record_id = r.id
        where r.source = $1 and r.source_id_token = $2 for update of r`,
      [source, sourceIdToken],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          sourceIdToken: row.source_id_token,
          identifiersEnc: row.identifiers_enc,
          features: decodeFeatures(row.features),
          personId: row.person_id,
        }
      : null;
  }

  /**
   * Gives a record a new key; its encrypted fields are sealed anew for the new key's row, and
   * its features carry the new key as its own identifier.
   */
  async rekey(
    manager: EntityManager,
    recordId: string,
    key: {
      sourceIdToken: string;
      sourceIdEnc: string;
      identifiersEnc: string | null;
      features: MatchFeatures;
    },
  ): Promise<void> {
    await manager.query(
      `update source_record set source_id_token = $2, source_id_enc = $3, identifiers_enc = $4,
              features = $5::jsonb, version = version + 1, changed_at = now()
        where id = $1`,
      [
        recordId,
        key.sourceIdToken,
        key.sourceIdEnc,
        key.identifiersEnc,
        JSON.stringify(encodeFeatures(key.features)),
      ],
    );
  }

  /** Removes a record the source retired; its link, blocking keys and tasks go with it. */
  async remove(manager: EntityManager, recordId: string): Promise<void> {
    await manager.query(`delete from source_record where id = $1`, [recordId]);
  }
}
