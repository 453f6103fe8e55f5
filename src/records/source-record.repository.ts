import { Injectable } from '@nestjs/common';
import { StoredFeatures, decodeFeatures, encodeFeatures } from '../database/stored-features';
import { EntityManager } from 'typeorm';
import { copyFields, copyIn } from '../database/copy-in';
import { MatchFeatures } from '../matching/record-types';
import { packedList } from '../database/packed-list';
import { preparedQuery } from '../database/prepared-query';
import { PreparedRecord } from './prepared-record';

export interface ExistingRecord {
  id: string;
  source: string;
  sourceIdToken: string;
  contentHash: string;
  features: MatchFeatures;
  link: { personId: string; kind: 'auto' | 'manual' } | null;
}

/** What the upsert returns of each row it wrote. */
interface UpsertRow {
  id: string;
  source: string;
  source_id_token: string;
  changed_at: Date;
  event_at: Date;
}

/** The hot SQL of the record store, written out: batched with unnest, one round trip each. */
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
   * lockKeys then lockAndFindByKeys in one round trip (the function lock_and_find_records,
   * whose read takes its snapshot after the locks are held; see its migration).
   */
  async lockAndFind(
    manager: EntityManager,
    lockKeys: string[],
    keys: { source: string; sourceIdToken: string }[],
  ): Promise<Map<string, ExistingRecord>> {
    const rows = await preparedQuery<RecordLinkRow>(
      manager,
      'mpi_lock_and_find_v1',
      `select * from lock_and_find_records($1, $2::text[], $3::text[])`,
      [packedList(lockKeys), keys.map((k) => k.source), keys.map((k) => k.sourceIdToken)],
    );
    return existingByKey(rows);
  }

  async lockAndFindByKeys(
    manager: EntityManager,
    keys: { source: string; sourceIdToken: string }[],
  ): Promise<Map<string, ExistingRecord>> {
    const rows: RecordLinkRow[] = await manager.query(
      `select r.id, r.source, r.source_id_token, r.content_hash, r.features, l.person_id, l.kind
           from source_record r
           join unnest($1::text[], $2::text[]) as k(source, token)
             on r.source = k.source and r.source_id_token = k.token
           left join record_link l on l.record_id = r.id
          order by r.id
            for update of r`,
      [keys.map((k) => k.source), keys.map((k) => k.sourceIdToken)],
    );
    return existingByKey(rows);
  }

  /**
   * The round's write of its records, in one statement: new records inserted and changed ones
   * rewritten, returning each record's id and event time by key and the time they were
   * written (the transaction's, the same for all; a record without the source's event time
   * gets the moment its row is written, `clock_timestamp`, so rows of one import keep their
   * file order); and each written record's blocking keys (as `replaceBlockKeys`: `replaced` are the ids of records that were
   * stored before, whose keys no longer made are dropped; keys kept are not rewritten, as the
   * statement's snapshot shows them: the delete and the insert never touch one row).
   */
  async upsertWithBlockKeys(
    manager: EntityManager,
    records: PreparedRecord[],
    replaced: string[],
  ): Promise<{ ids: Map<string, string>; eventTimes: Map<string, string>; writtenAt: string }> {
    if (records.length === 0)
      return { ids: new Map(), eventTimes: new Map(), writtenAt: new Date().toISOString() };
    // Prepared: one text for every round, planned once per connection instead of each time.
    const rows = await preparedQuery<UpsertRow>(
      manager,
      'mpi_upsert_with_block_keys',
      `with x as (
         select * from json_to_recordset($1::json)
           as x(s text, t text, e text, k text, d jsonb, i text, f jsonb, h text, v timestamptz, b text)
       ), written as (
         insert into source_record
           (source, source_id_token, source_id_enc, key_id, demographics, identifiers_enc, features, content_hash, event_at)
         select x.s, x.t, x.e, x.k, x.d, x.i, x.f, x.h, coalesce(x.v, clock_timestamp()) from x
         on conflict (source, source_id_token) do update set
           source_id_enc = excluded.source_id_enc,
           key_id = excluded.key_id,
           demographics = excluded.demographics,
           identifiers_enc = excluded.identifiers_enc,
           features = excluded.features,
           content_hash = excluded.content_hash,
           version = source_record.version + 1,
           changed_at = now(),
           event_at = excluded.event_at
         returning id, source, source_id_token, changed_at, event_at
       ), keyed as (
         select w.id, u.key::bigint as key
           from written w join x on x.s = w.source and x.t = w.source_id_token
           cross join lateral unnest(string_to_array(x.b, ',')) as u(key)
       ), dropped as (
         delete from record_block_key o
          where o.record_id = any($2::uuid[])
            and not exists (select 1 from keyed n where n.id = o.record_id and n.key = o.key)
       ), added as (
         insert into record_block_key (key, record_id)
         select n.key, n.id from keyed n
          where not (n.id = any($2::uuid[]))
             or not exists (select 1 from record_block_key o where o.record_id = n.id and o.key = n.key)
       )
       select id, source, source_id_token, changed_at, event_at from written`,
      [
        JSON.stringify(
          records.map((r) => ({
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
          })),
        ),
        replaced,
      ],
    );
    return {
      ids: new Map(rows.map((r) => [recordKey(r.source, r.source_id_token), r.id])),
      eventTimes: new Map(
        rows.map((r) => [recordKey(r.source, r.source_id_token), r.event_at.toISOString()]),
      ),
      writtenAt: (rows[0]?.changed_at ?? new Date()).toISOString(),
    };
  }

  /**
   * Stores records' blocking keys (tokens) as `record_block_key (key bigint, record_id uuid)`
   * rows, keys as TokenService.blockKey stores them (see src/records/README.md), dropping a replaced record's old ones.
   */
  async replaceBlockKeys(
    manager: EntityManager,
    entries: { recordId: string; keys: string[]; replacing: boolean }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    const replaced = entries.filter((e) => e.replacing).map((e) => e.recordId);
    if (replaced.length > 0)
      await manager.query(`delete from record_block_key where record_id = any($1::uuid[])`, [
        replaced,
      ]);
    // One string of decimal keys per record, split by the server: fewer array elements to send.
    await manager.query(
      `insert into record_block_key (key, record_id)
       select k, r.id from unnest(string_to_array($1, chr(30))::uuid[], string_to_array($2, chr(30))) as r(id, keys),
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
    await copyIn(
      manager,
      'copy record_block_key (key, record_id) from stdin',
      // A record's rows as one piece of text: some fourteen keys a record, one string, not 14.
      entries.map((e) => {
        const tail = `\t${copyFields([e.recordId])}\n`;
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
              (select array_agg(b.key::text) from record_block_key b where b.record_id = r.id) as keys
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
      `select record_id, array_agg(key::text) as keys from record_block_key
        where record_id = any($1::uuid[]) group by record_id`,
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

/** Stored records by record key, as the lock-and-find queries return them. */
function existingByKey(rows: readonly RecordLinkRow[]): Map<string, ExistingRecord> {
  return new Map(
    rows.map((r) => [
      recordKey(r.source, r.source_id_token),
      {
        id: r.id,
        source: r.source,
        sourceIdToken: r.source_id_token,
        contentHash: r.content_hash,
        features: decodeFeatures(r.features),
        link: r.person_id && r.kind ? { personId: r.person_id, kind: r.kind } : null,
      },
    ]),
  );
}

export function recordKey(source: string, sourceIdToken: string): string {
  return `${source}\u001f${sourceIdToken}`;
}
