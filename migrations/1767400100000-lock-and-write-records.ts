import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first three steps of an ingest round in one round trip (SourceRecordRepository.lockAndWrite)
 * instead of three: the round's advisory locks; its records as stored (row-locked) and the
 * write of those whose content changed, with their blocking keys; and the linker's state for
 * the records written (link_state: their candidate pairs, the candidates' match view with the
 * records of the persons they are linked to now, steward "not a match" pairs, the counts of
 * their names). It replaces lock_and_find_records, whose caller then sent the upsert and the
 * state read on their own: the "changed" test (content hash), the ids of the records replaced
 * (whose old blocking keys go) and the written records' ids and persons are made here from the
 * rows just read, as the caller made them.
 *
 * A function for the snapshots, as lock_and_find_records was: a statement reads as of its
 * start, and rows committed by the writer whose lock it waited for would be missed; here the
 * read, the write and the state read each take a snapshot of their own after the locks (READ
 * COMMITTED), and the state read sees the write before it. It runs with its caller's rights.
 * The read is planned for each call's keys (a generic plan for "some records" would scan the
 * table); the write and the state read, whose estimates do not depend on the call, are
 * planned once per connection and kept, as the prepared statements they replace were. The
 * records' JSON is parsed once, into an array of ingest_round_record (and their keys and
 * hashes, which alone the read's plan takes as constants).
 *
 * Rows as a statement of parts returns them (src/database/statement-parts.ts): part 0 one
 * object per record of the round, as stored before (`id`, null for a new record, with its
 * hash, features and link) and as written (`written_id`, null when its content was
 * unchanged), in the round's order; parts 1 to 4 link_state's.
 */
export class LockAndWriteRecords1767400100000 implements MigrationInterface {
  name = 'LockAndWriteRecords1767400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop function lock_and_find_records(text, text[], text[])`);
    // A record of the round as the caller sends it (SourceRecordRepository.lockAndWrite).
    await q.query(`
      create type ingest_round_record as (
        s text, t text, e text, k text, d jsonb, i text, f jsonb, h text, v timestamptz,
        b text, q text)`);
    await q.query(`
      create type ingest_stored_record as (
        id uuid, source text, source_id_token text, content_hash text, features jsonb,
        person_id uuid, kind text)`);
    await q.query(LINK_STATE);
    await q.query(
      `revoke execute on function link_state(uuid[], text[], uuid[], int, boolean, text[], text[]) from public`,
    );
    await q.query(LOCK_AND_WRITE);
    await q.query(
      `revoke execute on function lock_and_write_records(text, json, int, int) from public`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function lock_and_write_records(text, json, int, int)`);
    await q.query(`drop function link_state(uuid[], text[], uuid[], int, boolean, text[], text[])`);
    await q.query(`drop type ingest_stored_record`);
    await q.query(`drop type ingest_round_record`);
    await q.query(`
      create function lock_and_find_records(lock_keys text, sources text[], tokens text[])
        returns table (id uuid, source text, source_id_token text, content_hash text,
                       features jsonb, person_id uuid, kind text)
        language plpgsql volatile set plan_cache_mode = force_custom_plan as $$
      #variable_conflict use_column
      begin
        perform count(pg_advisory_xact_lock(hashtextextended(k, 0)))
           from (select distinct k from unnest(string_to_array(lock_keys, chr(30))) as u(k) order by k) as sorted;
        return query
          select r.id, r.source, r.source_id_token, r.content_hash, r.features, l.person_id, l.kind
            from source_record r
            join unnest(sources, tokens) as k(source, token)
              on r.source = k.source and r.source_id_token = k.token
            left join record_link l on l.record_id = r.id
           order by r.id
             for update of r;
      end $$`);
    await q.query(
      `revoke execute on function lock_and_find_records(text, text[], text[]) from public`,
    );
  }
}

/**
 * The linker's state for a run of records (LinkageService): each record's candidate pairs by
 * its lookup keys (`lookups`, decimal keys comma-separated, each key's block capped at
 * `cap_per_key`); the match view of those candidates that are not among the records (part 2,
 * `half` 0; `n`, with `with_counts`, the number of records of each candidate's person, so
 * that a person all of whose records came is known whole) and of every record of `persons`
 * (`half` 1); the steward "not a match" pairs touching the records (part 3); the counts of the
 * names (part 4). Parts 1 to 4 as a statement of parts returns them. Called by
 * lock_and_write_records after its write, and on its own for records written before.
 */
export const LINK_STATE = `
  create function link_state(ids uuid[], lookups text[], persons uuid[], cap_per_key int,
                             with_counts boolean, given text[], family text[])
    returns table (part int, rows json)
    language sql stable as $$
  with cand_queries as (
    select q.record_id, k.key
      from unnest(ids, lookups) as q(record_id, keys)
      cross join lateral unnest(string_to_array(q.keys, ',')::bigint[]) as k(key)
  ),
  cand_keys as (select distinct key from cand_queries),
  cand_blocks as (
    select k.key, s.record_id
      from cand_keys k
      cross join lateral (select b.record_id from record_block_key b where b.key = k.key limit cap_per_key) s
  ),
  cand_pairs as (
    select distinct q.record_id as query_id, b.record_id as candidate_id
      from cand_queries q
      join cand_blocks b on b.key = q.key
     where b.record_id <> q.record_id
  ),
  view_ids as (
    select distinct f.candidate_id as id from cand_pairs f
     where not exists (select 1 from unnest(ids) as e(id) where e.id = f.candidate_id)
  ),
  view_rows as (
    -- Counting costs an index probe per candidate: worth a round trip saved on a small round.
    select 0 as half, r.id, r.source, r.features, l.person_id, l.kind, l.n
      from view_ids c
      cross join lateral (select x.id, x.source, x.features from source_record x where x.id = c.id offset 0) r
      left join lateral (
        select y.person_id, y.kind,
               case when with_counts
                    then (select count(*) from record_link z where z.person_id = y.person_id)::int end as n
          from record_link y where y.record_id = c.id offset 0) l on true
    union all
    select 1 as half, r.id, r.source, r.features, l.person_id, l.kind, null::int
      from unnest(persons) as p(id)
      cross join lateral (select y.record_id, y.person_id, y.kind from record_link y where y.person_id = p.id offset 0) l
      cross join lateral (select x.id, x.source, x.features from source_record x where x.id = l.record_id offset 0) r
  ),
  hard_nos as (
    select record_a, record_b from hard_no where record_a = any(ids) or record_b = any(ids)
  ),
  names_counted as (
    select field, value, count from name_frequency
     where (field = 'given' and value = any(given)) or (field = 'family' and value = any(family))
  )
  select 1, json_agg(r) from cand_pairs r
  union all select 2, json_agg(r) from view_rows r
  union all select 3, json_agg(r) from hard_nos r
  union all select 4, json_agg(r) from names_counted r
  $$`;

/** The round's locks, read and write, then link_state (see the class's comment). */
export const LOCK_AND_WRITE = `
      create function lock_and_write_records(lock_keys text, records json, cap_per_key int, small_round int)
        returns table (part int, rows json)
        language plpgsql volatile set plan_cache_mode = force_custom_plan as $$
      #variable_conflict use_column
      declare
        round ingest_round_record[];
        sources text[];
        tokens text[];
        hashes text[];
        stored ingest_stored_record[];
        replaced uuid[];
        written json;
        ids uuid[];
        lookups text[];
        persons uuid[];
        given text[];
        family text[];
      begin
        -- In one sorted pass, so that two writers never wait on each other in a cycle.
        perform count(pg_advisory_xact_lock(hashtextextended(k, 0)))
           from (select distinct k from unnest(string_to_array(lock_keys, chr(30))) as u(k) order by k) as sorted;
        -- The records' JSON parsed once; their keys and hashes apart, for the read.
        select array_agg(x), array_agg(x.s), array_agg(x.t), array_agg(x.h)
          into round, sources, tokens, hashes
          from json_populate_recordset(null::ingest_round_record, records) as x;
        -- Planned for this call's keys: a generic plan for "some records" would scan the table.
        -- Row-locked in id order, as every writer of these rows locks them. The stored records
        -- whose content changes are replaced: their old blocking keys go.
        select coalesce(array_agg((o.id, o.source, o.source_id_token, o.content_hash, o.features,
                                   o.person_id, o.kind)::ingest_stored_record), '{}'),
               coalesce(array_agg(o.id) filter (where o.content_hash <> o.h), '{}')
          into stored, replaced
          from (select r.id, r.source, r.source_id_token, r.content_hash, r.features, l.person_id, l.kind, k.h
                  from source_record r
                  join unnest(sources, tokens, hashes) as k(s, t, h)
                    on r.source = k.s and r.source_id_token = k.t
                  left join record_link l on l.record_id = r.id
                 order by r.id
                   for update of r) as o;
        -- The write and the state read are planned once per connection and kept, as prepared
        -- statements would be: their estimates do not depend on the call, and planning them
        -- each time cost more than running them. (The function's SET restores the mode when
        -- it returns.)
        perform set_config('plan_cache_mode', 'auto', true);
        with x as (
          select * from unnest(round) with ordinality as x(s, t, e, k, d, i, f, h, v, b, q, ord)
        ), o as (
          select * from unnest(stored)
        ), changed as (
          select x.* from x left join o on o.source = x.s and o.source_id_token = x.t
           where o.content_hash is distinct from x.h
        ), w as (
          insert into source_record
            (source, source_id_token, source_id_enc, key_id, demographics, identifiers_enc, features, content_hash, event_at)
          select c.s, c.t, c.e, c.k, c.d, c.i, c.f, c.h, coalesce(c.v, clock_timestamp()) from changed c
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
          returning source_record.id, source_record.source, source_record.source_id_token,
                    source_record.changed_at, source_record.event_at
        ), keyed as (
          select w.id, u.key::bigint as key
            from w join changed c on c.s = w.source and c.t = w.source_id_token
            cross join lateral unnest(string_to_array(c.b, ',')) as u(key)
        ), dropped as (
          -- A replaced record's keys no longer made; keys kept are not rewritten (this
          -- statement's snapshot shows them: the delete and the insert never touch one row).
          delete from record_block_key b
           where b.record_id = any(replaced)
             and not exists (select 1 from keyed n where n.id = b.record_id and n.key = b.key)
        ), added as (
          insert into record_block_key (key, record_id)
          select n.key, n.id from keyed n
           where not (n.id = any(replaced))
              or not exists (select 1 from record_block_key b where b.record_id = n.id and b.key = n.key)
        ), each_record as (
          select x.ord, x.s, x.t, x.d, x.q, o.id, o.content_hash, o.features, o.person_id, o.kind,
                 w.id as written_id, w.changed_at, w.event_at
            from x
            left join o on o.source = x.s and o.source_id_token = x.t
            left join w on w.source = x.s and w.source_id_token = x.t
        )
        select json_agg(json_build_object(
                 'source', e.s, 'source_id_token', e.t, 'id', e.id, 'content_hash', e.content_hash,
                 'features', e.features, 'person_id', e.person_id, 'kind', e.kind,
                 'written_id', e.written_id, 'changed_at', e.changed_at, 'event_at', e.event_at)
                 order by e.ord),
               coalesce(array_agg(e.written_id order by e.ord) filter (where e.written_id is not null), '{}'),
               coalesce(array_agg(e.q order by e.ord) filter (where e.written_id is not null), '{}'),
               -- The persons the written records are linked to now, each once, in round order.
               array(select p.person_id from each_record p
                      where p.written_id is not null and p.person_id is not null
                      group by p.person_id order by min(p.ord)),
               coalesce(array_agg(e.d->>'givenName') filter (where e.written_id is not null and e.d->>'givenName' is not null), '{}'),
               coalesce(array_agg(e.d->>'familyName') filter (where e.written_id is not null and e.d->>'familyName' is not null), '{}')
          into written, ids, lookups, persons, given, family
          from each_record e;
        return query select 0, written;
        -- Its own statement: a snapshot after the write, which it must see (the round's
        -- records are each other's candidates).
        return query
          select s.part, s.rows
            from link_state(ids, lookups, persons, cap_per_key, cardinality(ids) <= small_round, given, family) as s;
      end $$`;
