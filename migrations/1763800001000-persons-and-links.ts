import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Persons (golden records), the link of each source record to its person, the history of
 * every link change (for audit and undo), steward review tasks and steward "not a match"
 * decisions, which are hard no's for ever.
 */
export class PersonsAndLinks1763800001000 implements MigrationInterface {
  name = 'PersonsAndLinks1763800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table person (
        id uuid primary key default gen_random_uuid(),
        status text not null default 'active' check (status in ('active', 'merged', 'empty')),
        merged_into uuid references person (id),
        golden jsonb not null default '{}',
        pins jsonb not null default '{}',
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table person_version (
        person_id uuid not null references person (id),
        version integer not null,
        at timestamptz not null default clock_timestamp(),
        golden jsonb not null,
        record_ids uuid[] not null,
        primary key (person_id, version)
      )`);
    await q.query(`
      create table record_link (
        record_id uuid primary key references source_record (id) on delete cascade,
        person_id uuid not null references person (id),
        kind text not null check (kind in ('auto', 'manual')),
        probability double precision,
        weight double precision,
        linked_at timestamptz not null default now()
      )`);
    await q.query(`create index record_link_person on record_link (person_id)`);
    await q.query(`
      create table link_event (
        id bigserial primary key,
        at timestamptz not null default now(),
        actor text not null,
        kind text not null,
        record_id uuid,
        person_id uuid,
        from_person_id uuid,
        probability double precision,
        weight double precision,
        explanation jsonb,
        reason text,
        undo_of bigint references link_event (id),
        undone_by bigint references link_event (id),
        state jsonb not null default '{}'
      )`);
    await q.query(`create index link_event_person on link_event (person_id, at)`);
    await q.query(`create index link_event_from_person on link_event (from_person_id, at)`);
    await q.query(`create index link_event_record on link_event (record_id, at)`);
    await q.query(`
      create table review_task (
        id uuid primary key default gen_random_uuid(),
        kind text not null check (kind in ('possible-match', 'merge-persons', 'same-source-duplicate', 'weak-chain')),
        status text not null default 'open' check (status in ('open', 'decided', 'obsolete')),
        record_id uuid references source_record (id) on delete cascade,
        person_id uuid references person (id),
        candidate_person_id uuid references person (id),
        source text,
        probability double precision,
        weight double precision,
        explanation jsonb,
        assignee text,
        created_at timestamptz not null default now(),
        decided_at timestamptz,
        decided_by text,
        decision text,
        reason text
      )`);
    await q.query(`create index review_task_open on review_task (status, kind, created_at)`);
    await q.query(
      `create unique index review_task_one_open on review_task (kind, record_id, candidate_person_id) where status = 'open'`,
    );
    await q.query(`
      create table hard_no (
        record_a uuid not null references source_record (id) on delete cascade,
        record_b uuid not null references source_record (id) on delete cascade,
        decided_by text not null,
        decided_at timestamptz not null default now(),
        primary key (record_a, record_b),
        check (record_a < record_b)
      )`);
    await q.query(`create index hard_no_b on hard_no (record_b)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table hard_no`);
    await q.query(`drop table review_task`);
    await q.query(`drop table link_event`);
    await q.query(`drop table record_link`);
    await q.query(`drop table person_version`);
    await q.query(`drop table person`);
  }
}
