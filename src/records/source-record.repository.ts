import { Injectable } from '@nestjs/common';
import { StoredFeatures, decodeFeatures, encodeFeatures } from '../database/stored-features';
import { EntityManager } from 'typeorm';
import { copyFields, copyIn } from '../database/copy-in';
import { MatchFeatures } from '../matching/record-types';
import { packedList } from '../database/packed-list';
import { preparedQuery } from '../database/prepared-query';
import { PreparedRecord } from './prepared-record';
import {
  LinkStatePartRow,
  LinkStateRequest,
  LinkStateRows,
  linkStateOf,
  lookupList,
} from '../linkage/link-state-read';

export interface ExistingRecord {
  id: string;
  source: string;
  sourceIdToken: string;
  contentHash: string;
  features: MatchFeatures;
  link: { personId: string; kind: 'auto' | 'manual' } | null;
}

/**
 * A round's records as stored before its write, as written, and the linker's state for those
 * written (SourceRecordRepository.lockAndWrite).
 */
export interface RoundWrite {
  existing: Map<string, ExistingRecord>;
  /** The written records' ids and event times, by record key. */
  ids: Map<string, string>;
  eventTimes: Map<string, string>;
  writtenAt: string;
  /** For LinkageService.linkRound of the written records, in the round's order. */
  state: LinkStateRows;
}

/** A stored record's key, content hash, features and link, as the queries return them. */
interface RecordLinkRow {
  id: string;
  source: string;
  source_id_token: string;
  content_hash: string;
  features: StoredFeatures;
  person_id: string | null;
  kind: 'auto' | 'manual' | null;
}

/**
 * What lock_and_write_records returns of each record (as JSON): as stored before (nothing but
 * its key for a new record), and as written (nothing for an unchanged one).
 */
type LockAndWriteRow = Pick<RecordLinkRow, 'source' | 'source_id_token'> & {
  [K in Exclude<keyof RecordLinkRow, 'source' | 'source_id_token'>]: RecordLinkRow[K] | null;
} & {
  written_id: string | null;
  changed_at: string | null;
  event_at: string | null;
};

/** The hot SQL of the record store, written out: batched with unnest, one round trip each. */
@Injectable()
export class SourceRecordRepository {
  /**
   * Serialises writers that could touch the same people: transaction-scoped advisory locks
   * on every blocking key and record key of the round, taken in one sorted pass so two
   * instances can never wait on each other in a cycle.
   */
  async lockKeys(manager: EntityManager, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await manager.query(
      `select count(pg_advisory_xact_lock(hashtextextended(k, 0)))
         from (select distinct k from unnest(string_to_array($1, chr(30))) as u(k) order by k) as sorted`,
      [packedList(keys)],
    );
  }

  /**
   * The round's locks, its records as stored (row-locked), the write of those whose content
   * changed with their blocking keys, and the linker's state for those written, in one round
   * trip: the function lock_and_write_records (see its migration), whose statements take their
   * snapshots after the locks. Records must have unique keys. `lockKeys` empty: the caller
   * holds its locks. `state`: LinkageService.stateRequest of the records, in their order.
   *
   * What the round learns: each record as stored before (`existing`, by record key), and of
   * those written (new, or of another content hash) the id and event time by key and the time
   * they were written (the transaction's, the same for all; a record without the source's
   * event time gets the moment its row is written, `clock_timestamp`, so rows of one import
   * keep their file order); and the state link_state reads for those written.
   */
  async lockAndWrite(
    manager: EntityManager,
    lockKeys: string[],
    records: PreparedRecord[],
    state: LinkStateRequest,
  ): Promise<RoundWrite> {
    // Prepared: one text for every round, planned once per connection instead of each time.
    const parts = await preparedQuery<LinkStatePartRow>(
      manager,
      'mpi_lock_and_write_v2',
      `select part, rows from lock_and_write_records($1, $2::json, $3::int, $4::int)`,
      [
        packedList(lockKeys),
        JSON.stringify(
          records.map((r, i) => ({
            s: r.source,
            t: r.sourceIdToken,
            e: r.sourceIdEnc,
            k: r.keyId,
            d: r.demographics,
            i: r.identifiersEnc,
            f: encodeFeatures(r.features),
            h: r.contentHash,
            v: r.eventAt ?? null,
            b: r.blockKeys.join(','),
            q: lookupList(state.lookups[i] ?? []),
          })),
        ),
        state.capPerKey,
        state.smallRound,
      ],
    );
    const rows = (parts.find((p) => p.part === 0)?.rows ?? []) as LockAndWriteRow[];
    const ids = new Map<string, string>();
    const eventTimes = new Map<string, string>();
    let writtenAt: string | null = null;
    for (const r of rows) {
      if (r.written_id === null || r.changed_at === null || r.event_at === null) continue;
      const key = recordKey(r.source, r.source_id_token);
      ids.set(key, r.written_id);
      // To the millisecond, as a Date read from a row: the JSON carries microseconds.
      eventTimes.set(key, new Date(r.event_at).toISOString());
      writtenAt ??= new Date(r.changed_at).toISOString();
    }
    return {
      existing: existingByKey(rows),
      ids,
      eventTimes,
      writtenAt: writtenAt ?? new Date().toISOString(),
      state: linkStateOf(parts),
    };
  }

  /**
   * Stores records' blocking keys (tokens) as `record_block_key (key bigint, record_no bigint)`
   * rows (the record's number, source_record.record_no: half a uuid's bytes in about fourteen
   * rows a record), keys as TokenService.blockKey stores them (see src/records/README.md), dropping a replaced record's old ones.
   */
  async replaceBlockKeys(
    manager: EntityManager,
    entries: { recordId: string; keys: string[]; replacing: boolean }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    const replaced = entries.filter((e) => e.replacing).map((e) => e.recordId);
    if (replaced.length > 0)
      await manager.query(
        `delete from record_block_key
          where record_no in (select record_no from source_record where id = any($1::uuid[]))`,
        [replaced],
      );
    // One string of decimal keys per record, split by the server: fewer array elements to send.
    await manager.query(
      `insert into record_block_key (key, record_no)
       select k, s.record_no
         from unnest(string_to_array($1, chr(30))::uuid[], string_to_array($2, chr(30))) as r(id, keys)
         join source_record s on s.id = r.id,
              unnest(string_to_array(r.keys, ',')::bigint[]) as k`,
      [
        packedList(entries.map((e) => e.recordId)),
        packedList(entries.map((e) => e.keys.join(','))),
      ],
    );
  }

  /**
   * New records by COPY (a bulk load), with the ids and event times the caller gave them: the
   * columns the upsert writes, in the same form.
   */
  async copyNew(
    manager: EntityManager,
    records: readonly { id: string; storedRow: string; eventAt: string }[],
  ): Promise<void> {
    if (records.length === 0) return;
    await copyIn(
      manager,
      `copy source_record (id, source, source_id_token, source_id_enc, key_id, demographics,
         identifiers_enc, features, content_hash, event_at) from stdin`,
      records.map(
        ({ id, storedRow, eventAt }) =>
          `${copyFields([id])}\t${storedRow}\t${copyFields([eventAt])}\n`,
      ),
    );
  }

  /** Blocking keys of new records by COPY (a bulk load): one row per distinct key. */
  async copyBlockKeys(
    manager: EntityManager,
    entries: readonly { recordId: string; keys: readonly string[] }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    // The records' numbers, given them by their own COPY (source_record.record_no).
    const numbered: { id: string; record_no: string }[] = await manager.query(
      `select id, record_no::text as record_no from source_record where id = any($1::uuid[])`,
      [entries.map((e) => e.recordId)],
    );
    const numbers = new Map(numbered.map((r) => [r.id, r.record_no]));
    await copyIn(
      manager,
      'copy record_block_key (key, record_no) from stdin',
      // A record's rows as one piece of text: some fourteen keys a record, one string, not 14.
      entries.map((e) => {
        const number = numbers.get(e.recordId);
        if (number === undefined) throw new Error('blocking keys of a record not stored');
        const tail = `\t${number}\n`;
        let rows = '';
        for (const key of new Set(e.keys)) rows += copyFields([key]) + tail;
        return rows;
      }),
    );
  }

  /**
   * Stored records in arrival order after a position, with what a bulk load holds of each in
   * memory: record key, content hash, features, link and blocking keys.
   */
  async storedInArrivalOrder(
    manager: EntityManager,
    after: ArrivalPosition | null,
    limit: number,
  ): Promise<StoredRecord[]> {
    const rows: (RecordLinkRow & { received_at: string; keys: string[] | null })[] =
      await manager.query(
        `select r.id, r.received_at::text as received_at, r.source, r.source_id_token, r.content_hash,
              r.features, l.person_id, l.kind,
              (select array_agg(b.key::text) from record_block_key b where b.record_no = r.record_no) as keys
         from source_record r left join record_link l on l.record_id = r.id
        where (r.received_at, r.id) > ($1::timestamptz, $2::uuid)
        order by r.received_at, r.id limit $3`,
        [...positionParams(after), limit],
      );
    return rows.map((r) => ({
      recordId: r.id,
      receivedAt: r.received_at,
      source: r.source,
      sourceIdToken: r.source_id_token,
      contentHash: r.content_hash,
      features: decodeFeatures(r.features),
      personId: r.person_id,
      linkKind: r.kind,
      keys: r.keys ?? [],
    }));
  }

  /**
   * The next records in arrival order after a position, for walks over the whole store (relink).
   * The position is the last record's arrival time as text: a JavaScript Date keeps
   * milliseconds, received_at microseconds, and a rounded cursor would skip or repeat records.
   */
  async nextInArrivalOrder(
    manager: EntityManager,
    after: ArrivalPosition | null,
    limit: number,
  ): Promise<ArrivalPosition[]> {
    const rows: { id: string; received_at: string }[] = await manager.query(
      `select id, received_at::text as received_at from source_record
        where (received_at, id) > ($1::timestamptz, $2::uuid) order by received_at, id limit $3`,
      [...positionParams(after), limit],
    );
    return rows.map((r) => ({ recordId: r.id, receivedAt: r.received_at }));
  }

  /** How many records arrived after a position. */
  async countAfter(manager: EntityManager, after: ArrivalPosition | null): Promise<number> {
    const rows: { n: number }[] = await manager.query(
      `select count(*)::int as n from source_record where (received_at, id) > ($1::timestamptz, $2::uuid)`,
      positionParams(after),
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * Those of the given records that arrived after a position, with what their locks and
   * blocking keys are made of, in arrival order.
   */
  async keyedAfter(
    manager: EntityManager,
    ids: string[],
    after: ArrivalPosition | null,
  ): Promise<KeyedRecord[]> {
    if (ids.length === 0) return [];
    const rows: {
      id: string;
      received_at: string;
      source: string;
      source_id_token: string;
      features: StoredFeatures;
    }[] = await manager.query(
      `select id, received_at::text as received_at, source, source_id_token, features
         from source_record where id = any($1::uuid[]) and (received_at, id) > ($2::timestamptz, $3::uuid)
        order by received_at, id`,
      [ids, ...positionParams(after)],
    );
    return rows.map((r) => ({
      recordId: r.id,
      receivedAt: r.received_at,
      source: r.source,
      sourceIdToken: r.source_id_token,
      features: decodeFeatures(r.features),
    }));
  }

  /** Those of the records whose stored blocking keys are not exactly the given tokens' keys. */
  async withOtherBlockKeys(
    manager: EntityManager,
    entries: { recordId: string; keys: string[] }[],
  ): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    const rows: { record_id: string; keys: string[] }[] = await manager.query(
      `select r.id as record_id, array_agg(b.key::text) as keys
         from source_record r join record_block_key b on b.record_no = r.record_no
        where r.id = any($1::uuid[]) group by r.id`,
      [entries.map((e) => e.recordId)],
    );
    const stored = new Map(rows.map((r) => [r.record_id, new Set(r.keys)]));
    return new Set(
      entries
        .filter((e) => !sameSet(stored.get(e.recordId) ?? new Set(), e.keys))
        .map((e) => e.recordId),
    );
  }

  /** A seeded sample of stored records' features: the same seed draws the same sample. */
  async sampleFeatures(
    manager: EntityManager,
    limit: number,
    seed: number,
  ): Promise<MatchFeatures[]> {
    const rows: { features: StoredFeatures }[] = await manager.query(
      `select features from source_record order by md5(id::text || $2::text) limit $1`,
      [limit, seed],
    );
    return rows.map((r) => decodeFeatures(r.features));
  }
}

/** Where a record stands in arrival order: (received_at, id). */
export interface ArrivalPosition {
  recordId: string;
  /** received_at as PostgreSQL prints it, to the microsecond. */
  receivedAt: string;
}

/** A stored record's place in arrival order, its record key and features. */
export interface KeyedRecord extends ArrivalPosition {
  source: string;
  sourceIdToken: string;
  features: MatchFeatures;
}

/** A stored record as a bulk load holds it in memory. */
export interface StoredRecord extends KeyedRecord {
  contentHash: string;
  personId: string | null;
  linkKind: 'auto' | 'manual' | null;
  keys: string[];
}

/** Before every record: the start of a walk. */
function positionParams(after: ArrivalPosition | null): [string, string] {
  return after
    ? [after.receivedAt, after.recordId]
    : ['-infinity', '00000000-0000-0000-0000-000000000000'];
}

function sameSet(set: ReadonlySet<string>, values: readonly string[]): boolean {
  return new Set(values).size === set.size && values.every((v) => set.has(v));
}

/** The stored ones of a round's records, by record key, as lock_and_write_records returns them. */
function existingByKey(rows: readonly LockAndWriteRow[]): Map<string, ExistingRecord> {
  const existing = new Map<string, ExistingRecord>();
  for (const r of rows)
    if (r.id !== null && r.content_hash !== null && r.features !== null)
      existing.set(recordKey(r.source, r.source_id_token), {
        id: r.id,
        source: r.source,
        sourceIdToken: r.source_id_token,
        contentHash: r.content_hash,
        features: decodeFeatures(r.features),
        link: r.person_id && r.kind ? { personId: r.person_id, kind: r.kind } : null,
      });
  return existing;
}

export function recordKey(source: string, sourceIdToken: string): string {
  return `${source}\u001f${sourceIdToken}`;
}
