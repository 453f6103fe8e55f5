import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Makes the audit trail tamper-evident and append-only.
 *
 * - prev_hash / hash: the hash chain (src/audit/audit-chain.ts). Events written before this
 *   migration stay outside the chain: audit_chain_tail.start_seq marks where it begins.
 * - audit_chain_tail: one row naming the last chained event. AuditService locks it (select
 *   for update) to append, so concurrent transactions chain in commit order, and `mpi audit
 *   verify` compares it with the last event to notice events cut off the end.
 * - Append-only: UPDATE, DELETE and TRUNCATE on audit_event raise an error through triggers,
 *   for every role including the owner; privileges to do so are revoked from PUBLIC. In
 *   production the service should connect as a role that does not own the tables (granted
 *   INSERT and SELECT on audit_event, SELECT and UPDATE on audit_chain_tail), so that only an
 *   owner or superuser could disable the triggers -- and `audit verify` still finds the edit.
 * - The sequence default is dropped: seq is assigned from the tail under its lock, so an
 *   insert that bypasses AuditService fails instead of forking the chain.
 */
export class AuditChain1763800900000 implements MigrationInterface {
  name = 'AuditChain1763800900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table audit_event add column prev_hash text, add column hash text`);
    await q.query(
      `alter table audit_event add constraint audit_event_chained check (hash is not null and prev_hash is not null) not valid`,
    );
    await q.query(`alter table audit_event alter column seq drop default`);
    await q.query(`
      create table audit_chain_tail (
        id smallint primary key default 1 check (id = 1),
        start_seq bigint not null,
        seq bigint not null,
        hash text not null
      )`);
    await q.query(`
      insert into audit_chain_tail (id, start_seq, seq, hash)
      select 1, coalesce(max(seq), 0), coalesce(max(seq), 0), repeat('0', 64) from audit_event`);
    await q.query(`
      create function audit_append_only() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only', tg_table_name using errcode = '42501';
      end $$`);
    await q.query(`
      create trigger audit_event_append_only before update or delete on audit_event
        for each row execute function audit_append_only()`);
    await q.query(`
      create trigger audit_event_no_truncate before truncate on audit_event
        for each statement execute function audit_append_only()`);
    await q.query(`
      create trigger audit_chain_tail_no_delete before delete on audit_chain_tail
        for each row execute function audit_append_only()`);
    await q.query(`
      create trigger audit_chain_tail_no_truncate before truncate on audit_chain_tail
        for each statement execute function audit_append_only()`);
    await q.query(`revoke update, delete, truncate on audit_event from public`);
    await q.query(`revoke delete, truncate on audit_chain_tail from public`);
    // Searches by actor, action, person and record (GET /api/audit, /fhir/AuditEvent).
    await q.query(`create index audit_event_actor on audit_event (actor, at)`);
    await q.query(`create index audit_event_action on audit_event (action, at)`);
    await q.query(`create index audit_event_person_ids on audit_event using gin (person_ids)`);
    await q.query(`create index audit_event_record_ids on audit_event using gin (record_ids)`);
    await q.query(`create index audit_event_correlation on audit_event (correlation_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index audit_event_correlation`);
    await q.query(`drop index audit_event_record_ids`);
    await q.query(`drop index audit_event_person_ids`);
    await q.query(`drop index audit_event_action`);
    await q.query(`drop index audit_event_actor`);
    await q.query(`drop trigger audit_chain_tail_no_truncate on audit_chain_tail`);
    await q.query(`drop trigger audit_chain_tail_no_delete on audit_chain_tail`);
    await q.query(`drop trigger audit_event_no_truncate on audit_event`);
    await q.query(`drop trigger audit_event_append_only on audit_event`);
    await q.query(`drop function audit_append_only()`);
    await q.query(`drop table audit_chain_tail`);
    await q.query(
      `select setval('audit_event_seq_seq', greatest(1, (select coalesce(max(seq), 0) from audit_event)))`,
    );
    await q.query(
      `alter table audit_event alter column seq set default nextval('audit_event_seq_seq')`,
    );
    await q.query(`alter table audit_event drop constraint audit_event_chained`);
    await q.query(`alter table audit_event drop column hash, drop column prev_hash`);
  }
}
