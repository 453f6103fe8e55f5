import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain keyed, and its start fixed (security review, finding 5).
 *
 * - audit_chain_tail.keyed_from_seq: events after it (every event written from now on) are
 *   chained with HMAC-SHA256 under a key kept outside the database; those up to it keep their
 *   SHA-256 links (src/audit/audit-chain.ts).
 * - start_seq and keyed_from_seq can no longer move (one `update ... set start_seq = seq` made
 *   the verifier check nothing and report the chain intact), and seq never goes back (which
 *   would cut events off the end). The trigger holds for the owner too; dropping it needs the
 *   owner, and a checkpoint kept elsewhere (`mpi audit verify --expect`) catches that.
 */
export class KeyedAuditChain1765200000000 implements MigrationInterface {
  name = 'KeyedAuditChain1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table audit_chain_tail add column keyed_from_seq bigint`);
    await q.query(`update audit_chain_tail set keyed_from_seq = seq`);
    await q.query(`alter table audit_chain_tail alter column keyed_from_seq set not null`);
    await q.query(`
      create function audit_chain_tail_forward_only() returns trigger language plpgsql as $$
      begin
        if new.start_seq <> old.start_seq or new.keyed_from_seq <> old.keyed_from_seq then
          raise exception 'where the audit chain starts is fixed' using errcode = '42501';
        end if;
        if new.seq < old.seq then
          raise exception 'the audit chain tail only moves forward' using errcode = '42501';
        end if;
        return new;
      end $$`);
    await q.query(`
      create trigger audit_chain_tail_forward_only before update on audit_chain_tail
        for each row execute function audit_chain_tail_forward_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger audit_chain_tail_forward_only on audit_chain_tail`);
    await q.query(`drop function audit_chain_tail_forward_only()`);
    await q.query(`alter table audit_chain_tail drop column keyed_from_seq`);
  }
}
