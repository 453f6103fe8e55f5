import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The HL7 v2 door's state, shared by every instance behind a balancer:
 *   - hl7_inbound: one row per feed message accepted, keyed by sender and MSH-10, with the
 *     message's hash and the ACK it got: a re-sent message gets the same ACK and changes
 *     nothing, another message under a used control id gets AE 205. ACKs of feeds hold no
 *     patient data (MSH, MSA, ERR). Kept 30 days (`received_at`).
 *   - hl7_dead_letter: frames that could not be read as HL7, raw bytes encrypted (they may
 *     hold PHI), for `mpi hl7 dead-letters` to list and replay.
 *   - hl7_query_continuation: PDQ continuation pointers (RCP-2 incremental answers): the
 *     ranked persons still to send, so any instance can serve the next page.
 */
export class Hl7V21766000100000 implements MigrationInterface {
  name = 'Hl7V21766000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table hl7_inbound (
        sender text not null,
        control_id text not null,
        message_hash text not null,
        message_type text not null,
        ack_code text not null check (ack_code in ('AA', 'AE', 'AR')),
        ack text not null,
        received_at timestamptz not null default now(),
        primary key (sender, control_id)
      )`);
    await q.query(`create index hl7_inbound_received on hl7_inbound (received_at)`);
    await q.query(`
      create table hl7_dead_letter (
        id uuid primary key default gen_random_uuid(),
        received_at timestamptz not null default now(),
        peer text,
        size integer not null,
        sha256 text not null,
        reason text not null,
        payload_enc text not null,
        replayed_at timestamptz,
        replay_ack_code text
      )`);
    await q.query(`create index hl7_dead_letter_received on hl7_dead_letter (received_at)`);
    await q.query(`
      create table hl7_query_continuation (
        pointer text primary key,
        sender text not null,
        query_tag text not null,
        query_hash text not null,
        person_ids uuid[] not null,
        scores double precision[] not null,
        position integer not null,
        expires_at timestamptz not null
      )`);
    await q.query(
      `create index hl7_query_continuation_tag on hl7_query_continuation (sender, query_tag)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table hl7_query_continuation`);
    await q.query(`drop table hl7_dead_letter`);
    await q.query(`drop table hl7_inbound`);
  }
}
