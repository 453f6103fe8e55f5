import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first two steps of an ingest round in one round trip (SourceRecordRepository.lockAndWrite)
 * instead of two: the round's advisory locks, then, in one statement, its records as stored
 * (row-locked) and the write of those whose content changed, with their blocking keys. It
 * replaces lock_and_find_records, whose caller then sent the upsert on its own: the "changed"
 * test (content hash) and the ids of the records replaced (whose old blocking keys go) are
 * made here from the rows just read, as the caller made them.
 *
 * A function for the snapshot, as lock_and_find_records was: a statement reads as of its
 * start, and rows committed by the writer whose lock it waited for would be missed; here the
 * read and the write each take a snapshot of their own after the locks (READ COMMITTED). It
 * runs with its caller's rights. The read is planned for each call's keys (a generic plan for
 * "some records" would scan the table); the write, whose estimates do not depend on the call,
 * is planned once per connection and kept, as the prepared upsert it replaces was.
 *
 * One row per record of the round: as stored before (`id`, null for a new record, with its
 * hash, features and link) and as written (`written_id`, null when its content was unchanged).
 */
export class LockAndWriteRecords1767400100000 implements MigrationInterface {
  name = 'LockAndWriteRecords1767400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop function lock_and_find_records(text, text[], text[])`);
    await q.query(`
      create function lock_and_write_records(lock_keys text, records json)
        returns table (source text, source_id_token text, id uuid, content_hash text,
                       features jsonb, person_id uuid, kind text,
                       written_id uuid, changed_at timestamptz, event_at timestamptz)
        language plpgsql volatile set plan_cache_mode = force_custom_plan as $$
      #variable_conflict use_column
      declare
        sources text[];
        tokens text[];
        stored json;
        replaced uuid[];
      begin
        -- In one sorted pass, so that two writers never wait on each other in a cycle.
        perform count(pg_advisory_xact_lock(hashtextextended(k, 0)))
           from (select distinct k from unnest(string_to_array(lock_keys, chr(30))) as u(k) order by k) as sorted;
        select array_agg(x.s), array_agg(x.t) into sources, tokens
          from json_to_recordset(records) as x(s text, t text);
        -- Planned for this call's keys: a generic plan for "some records" would scan the table.
        -- Row-locked in id order, as every writer of these rows locks them.
        select coalesce(json_agg(o), '[]'::json) into stored
          from (select r.id, r.source, r.source_id_token, r.content_hash, r.features, l.person_id, l.kind
                  from source_record r
                  join unnest(sources, tokens) as k(source, token)
                    on r.source = k.source and r.source_id_token = k.token
                  left join record_link l on l.record_id = r.id
                 order by r.id
                   for update of r) as o;
        -- The stored records whose content changes: their old blocking keys go.
        select coalesce(array_agg(o.id), '{}') into replaced
          from json_to_recordset(stored) as o(id uuid, source text, source_id_token text, content_hash text)
          join json_to_recordset(records) as x(s text, t text, h text)
            on x.s = o.source and x.t = o.source_id_token
         where x.h <> o.content_hash;
        -- The write is planned once per connection and kept, as a prepared statement would be:
        -- its estimates do not depend on the call, and planning it each time cost more than
        -- running it. (The function's SET restores the mode when it returns.)
        perform set_config('plan_cache_mode', 'auto', true);
        return query
          with x as (
            select * from json_to_recordset(records)
              as x(s text, t text, e text, k text, d jsonb, i text, f jsonb, h text, v timestamptz, b text)
          ), o as (
            select * from json_to_recordset(stored)
              as o(id uuid, source text, source_id_token text, content_hash text, features jsonb,
                   person_id uuid, kind text)
          ), changed as (
            select x.* from x left join o on o.source = x.s and o.source_id_token = x.t
             where o.content_hash is distinct from x.h
          ), written as (
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
              from written w join changed c on c.s = w.source and c.t = w.source_id_token
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
          )
          select x.s, x.t, o.id, o.content_hash, o.features, o.person_id, o.kind,
                 w.id, w.changed_at, w.event_at
            from x
            left join o on o.source = x.s and o.source_id_token = x.t
            left join written w on w.source = x.s and w.source_id_token = x.t;
      end $$`);
    await q.query(`revoke execute on function lock_and_write_records(text, json) from public`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function lock_and_write_records(text, json)`);
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
