import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail partitioned by month of `at` (issue 17): it grows by one row per `$match`,
 * and one ever-growing heap made its autovacuum show in `$match`'s tail. Each month is a
 * partition `audit_event_yYYYYmMM` (UTC months); `audit_event_default` takes a row no month
 * holds yet (a clock set far ahead), so no insert can fail for want of a partition.
 *
 * - The existing table is converted with its rows: renamed, copied into the partitioned table
 *   (every month from its first row's to two months ahead), then dropped.
 * - seq stays the chain's order, but a key of a partitioned table must hold the partition key:
 *   the primary key is (seq, at). seq is still unique, since it is only ever assigned from the
 *   chain tail under its lock (src/audit/audit.service.ts).
 * - add_audit_event_partitions(months_ahead) creates the current month's partition and the
 *   next ones; the service calls it at start and daily (src/audit/audit-partitions.ts). It runs
 *   with the owner's rights (the service's role creates nothing), takes nothing but a count,
 *   and creates only this table's months. Rows that waited in the default partition for their
 *   month are moved into it, unchanged, when it is created.
 * - Append-only as before: the row trigger is on the partitioned table (PostgreSQL gives every
 *   partition its clone); TRUNCATE triggers are per table, so each partition gets its own. The
 *   service's role is granted nothing on the partitions: it reads and writes through
 *   audit_event.
 * - Retention, when there is one, drops a month's partition whole; there is none yet.
 */
export class AuditEventByMonth1767600000000 implements MigrationInterface {
  name = 'AuditEventByMonth1767600000000';

  async up(q: QueryRunner): Promise<void> {
    const s = await quotedSchema(q);
    await q.query(`lock table audit_event in access exclusive mode`);
    await q.query(`alter table audit_event rename to audit_event_unpartitioned`);
    await q.query(`alter sequence audit_event_seq_seq owned by none`);
    await q.query(`
      create table audit_event (
        seq bigint not null,
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
        detail jsonb not null default '{}',
        prev_hash text,
        hash text
      ) partition by range (at)`);
    await q.query(`create table audit_event_default partition of audit_event default`);
    await q.query(noTruncate('audit_event_default'));
    await q.query(monthPartitionFunction(s));
    await q.query(addPartitionsFunction(s));
    await q.query(`revoke execute on function audit_event_month_partition(date) from public`);
    await q.query(`revoke execute on function add_audit_event_partitions(integer) from public`);
    await q.query(`
      select audit_event_month_partition(m::date)
        from generate_series(
               date_trunc('month', coalesce((select min(at) from audit_event_unpartitioned), now()) at time zone 'UTC'),
               date_trunc('month', now() at time zone 'UTC'),
               interval '1 month') m`);
    await q.query(`select add_audit_event_partitions(2)`);
    await q.query(`insert into audit_event select * from audit_event_unpartitioned`);
    await q.query(`drop table audit_event_unpartitioned`);
    await q.query(`alter sequence audit_event_seq_seq owned by audit_event.seq`);
    await createIndexesAndGuards(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`lock table audit_event in access exclusive mode`);
    await q.query(`alter table audit_event rename to audit_event_partitioned`);
    await q.query(`alter sequence audit_event_seq_seq owned by none`);
    await q.query(`create table audit_event (like audit_event_partitioned including defaults)`);
    await q.query(`insert into audit_event select * from audit_event_partitioned`);
    await q.query(`drop table audit_event_partitioned cascade`);
    await q.query(`drop function add_audit_event_partitions(integer)`);
    await q.query(`drop function audit_event_month_partition(date)`);
    await q.query(`alter sequence audit_event_seq_seq owned by audit_event.seq`);
    await createIndexesAndGuards(q, 'seq');
  }
}

/** The keys, searches' indexes, chain check and append-only triggers of the audit-chain migration. */
async function createIndexesAndGuards(q: QueryRunner, key = 'seq, at'): Promise<void> {
  await q.query(`alter table audit_event add primary key (${key})`);
  await q.query(
    `alter table audit_event add constraint audit_event_chained check (hash is not null and prev_hash is not null) not valid`,
  );
  await q.query(`create index audit_event_at on audit_event (at)`);
  await q.query(`create index audit_event_actor on audit_event (actor, at)`);
  await q.query(`create index audit_event_action on audit_event (action, at)`);
  await q.query(`create index audit_event_person_ids on audit_event using gin (person_ids)`);
  await q.query(`create index audit_event_record_ids on audit_event using gin (record_ids)`);
  await q.query(`create index audit_event_correlation on audit_event (correlation_id)`);
  await q.query(`
    create trigger audit_event_append_only before update or delete on audit_event
      for each row execute function audit_append_only()`);
  await q.query(noTruncate('audit_event'));
  await q.query(`revoke update, delete, truncate on audit_event from public`);
}

function noTruncate(table: string): string {
  return `create trigger audit_event_no_truncate before truncate on ${table}
    for each statement execute function audit_append_only()`;
}

async function quotedSchema(q: QueryRunner): Promise<string> {
  const rows = (await q.query(`select current_schema() as schema`)) as { schema: string }[];
  return `"${(rows[0]?.schema ?? 'public').replace(/"/g, '""')}"`;
}

/**
 * One month's partition (a UTC month), unless it exists; true when it was made. Rows of that
 * month already in the default partition (dated ahead of their partition) would make the
 * creation fail: they are taken out, the partition made, and they are put back through
 * audit_event, which routes them to it. The default partition's append-only trigger is off
 * for that delete only, inside this transaction, under its exclusive lock.
 */
function monthPartitionFunction(s: string): string {
  return `
    create function audit_event_month_partition(month date) returns boolean
      language plpgsql set search_path = pg_catalog, pg_temp as $$
    declare
      first timestamptz := date_trunc('month', month)::timestamp at time zone 'UTC';
      upto timestamptz := (date_trunc('month', month) + interval '1 month')::timestamp at time zone 'UTC';
      name text := 'audit_event_y' || to_char(month, 'YYYY') || 'm' || to_char(month, 'MM');
      waiting ${s}.audit_event_default[];
    begin
      if to_regclass(format('${s}.%I', name)) is not null then
        return false;
      end if;
      lock table ${s}.audit_event_default in access exclusive mode;
      select array_agg(d) into waiting from ${s}.audit_event_default d where at >= first and at < upto;
      if waiting is not null then
        alter table ${s}.audit_event_default disable trigger audit_event_append_only;
        delete from ${s}.audit_event_default where at >= first and at < upto;
        alter table ${s}.audit_event_default enable trigger audit_event_append_only;
      end if;
      execute format('create table ${s}.%I partition of ${s}.audit_event for values from (%L) to (%L)',
                     name, first, upto);
      execute format('create trigger audit_event_no_truncate before truncate on ${s}.%I
                        for each statement execute function ${s}.audit_append_only()', name);
      if waiting is not null then
        insert into ${s}.audit_event select (w).* from unnest(waiting) w;
      end if;
      return true;
    end $$`;
}

/** The current UTC month's partition and the next `months_ahead` ones; how many were made. */
function addPartitionsFunction(s: string): string {
  return `
    create function add_audit_event_partitions(months_ahead integer) returns integer
      language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
    declare
      made integer := 0;
    begin
      if months_ahead not between 0 and 24 then
        raise exception 'months_ahead must be between 0 and 24' using errcode = '22023';
      end if;
      -- Two instances starting together would both create the same month.
      perform pg_advisory_xact_lock(hashtext('mpi audit_event partitions'));
      for i in 0..months_ahead loop
        if ${s}.audit_event_month_partition(
             (date_trunc('month', now() at time zone 'UTC') + make_interval(months => i))::date) then
          made := made + 1;
        end if;
      end loop;
      return made;
    end $$`;
}
