import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Source records, their blocking keys, name frequencies and the audit trail.
 * Identifiers appear only as keyed tokens (features, source_id_token) or encrypted
 * (source_id_enc, identifiers_enc); blocking keys are keyed hashes too.
 */
export class SourceRecords1763800000000 implements MigrationInterface {
  name = 'SourceRecords1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table source_record (
        id uuid primary key default gen_random_uuid(),
        source text not null,
        source_id_token text not null,
        source_id_enc text not null,
        key_id text not null,
        demographics jsonb not null,
        identifiers_enc text,
        features jsonb not null,
        content_hash text not null,
        version integer not null default 1,
        received_at timestamptz not null default now(),
        changed_at timestamptz not null default now(),
        constraint source_record_key unique (source, source_id_token)
      )`);
    await q.query(`
      create table record_block_key (
        key text not null,
        record_id uuid not null references source_record (id) on delete cascade,
        primary key (key, record_id)
      )`);
    await q.query(`create index record_block_key_record on record_block_key (record_id)`);
    await q.query(`
      create table name_frequency (
        field text not null,
        value text not null,
        count integer not null,
        primary key (field, value)
      )`);
    await q.query(`
      create table audit_event (
        seq bigserial primary key,
        at timestamptz not null default now(),
        actor text not null,
        role text,
        client text,
        purpose text,
        action text not null,
        outcome text not null,
        correlation_id text,
        record_ids uuid[] not null default '{}',
        person_ids uuid[] not null default '{}',
        detail jsonb not null default '{}'
      )`);
    await q.query(`create index audit_event_at on audit_event (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table audit_event`);
    await q.query(`drop table name_frequency`);
    await q.query(`drop table record_block_key`);
    await q.query(`drop table source_record`);
  }
}
