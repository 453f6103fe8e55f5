import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The persons an ingest round touched, locked, with their members and the counts of names
 * their golden records need, in the round's links statement (lockPinsWithMembersPart) instead
 * of a statement of its own after it. A function for the snapshot, as lock_and_find_records:
 * a statement reads as of its start, before the row locks it waits for; here the members are
 * read by a statement of their own inside the function, after the locks (READ COMMITTED), so
 * they include every link committed by a writer this one waited on.
 *
 * The round's own records (`excluded`) are left out of the members: the links statement that
 * calls this writes theirs, and whether the function sees those writes depends on the order
 * in which PostgreSQL runs the statement's parts. The caller adds them from what it decided.
 * The counts are those of `given` and `family` (the caller's names) and of the members' names.
 */
export class LockPersonsWithMembers1767300100000 implements MigrationInterface {
  name = 'LockPersonsWithMembers1767300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create function lock_persons_with_members(persons uuid[], excluded uuid[],
                                                given text[], family text[])
        returns json
        language plpgsql volatile set plan_cache_mode = force_custom_plan as $$
      declare
        locked json;
        members json;
        names json;
      begin
        -- In id order, as every writer of these rows locks them.
        select coalesce(json_agg(json_build_object('id', p.id, 'pins', p.pins)), '[]'::json)
          into locked
          from (select id, pins from person where id = any(persons) order by id
                   for no key update) as p;
        select coalesce(json_agg(m), '[]'::json)
          into members
          from (select r.id, r.source, r.demographics, r.changed_at, r.event_at, l.person_id
                  from record_link l join source_record r on r.id = l.record_id
                 where l.person_id = any(persons) and r.id <> all(excluded)
                 order by r.id) as m;
        select coalesce(json_agg(n), '[]'::json)
          into names
          from (select field, value, count from name_frequency
                 where (field = 'given' and value = any(given || array(
                          select e->'demographics'->>'givenName' from json_array_elements(members) e)))
                    or (field = 'family' and value = any(family || array(
                          select e->'demographics'->>'familyName' from json_array_elements(members) e)))
               ) as n;
        return json_build_object('pins', locked, 'members', members, 'names', names);
      end $$`);
    await q.query(
      `revoke execute on function lock_persons_with_members(uuid[], uuid[], text[], text[]) from public`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function lock_persons_with_members(uuid[], uuid[], text[], text[])`);
  }
}
