import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first step of an ingest round in one round trip (SourceRecordRepository.lockAndFind):
 * the round's advisory locks, then its records as stored, row-locked. It is a function, not
 * one statement, for the snapshot: a statement reads as of its start, and rows committed by
 * the writer whose lock it waited for would be missed; in a function each statement takes a
 * snapshot of its own (READ COMMITTED), so the read comes after the locks. It runs with its
 * caller's rights, and plans its read for each call's arrays (as an unnamed statement is):
 * a generic plan for "some records" would scan the table.
 */
export class LockAndFindRecords1767000200000 implements MigrationInterface {
  name = 'LockAndFindRecords1767000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create function lock_and_find_records(lock_keys text, sources text[], tokens text[])
        returns table (id uuid, source text, source_id_token text, content_hash text,
                       features jsonb, person_id uuid, kind text)
        language plpgsql volatile set plan_cache_mode = force_custom_plan as $$
      #variable_conflict use_column
      begin
        -- In one sorted pass, so that two writers never wait on each other in a cycle.
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

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function lock_and_find_records(text, text[], text[])`);
  }
}
