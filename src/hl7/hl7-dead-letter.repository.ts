import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface DeadLetterInput {
  peer: string | null;
  size: number;
  sha256: string;
  reason: string;
  payloadEnc: string;
}

export interface DeadLetterSummary {
  id: string;
  receivedAt: string;
  peer: string | null;
  size: number;
  sha256: string;
  reason: string;
  replayedAt: string | null;
  replayAckCode: string | null;
}

/** Frames that could not be processed, their bytes encrypted; listed and replayed by the CLI. */
@Injectable()
export class Hl7DeadLetterRepository {
  async insert(manager: EntityManager, letter: DeadLetterInput): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `insert into hl7_dead_letter (peer, size, sha256, reason, payload_enc)
       values ($1, $2, $3, $4, $5) returning id`,
      [letter.peer, letter.size, letter.sha256, letter.reason, letter.payloadEnc],
    );
    return rows[0]?.id ?? '';
  }

  async list(manager: EntityManager, limit: number): Promise<DeadLetterSummary[]> {
    const rows: {
      id: string;
      received_at: Date;
      peer: string | null;
      size: number;
      sha256: string;
      reason: string;
      replayed_at: Date | null;
      replay_ack_code: string | null;
    }[] = await manager.query(
      `select id, received_at, peer, size, sha256, reason, replayed_at, replay_ack_code
         from hl7_dead_letter order by received_at desc, id limit $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      receivedAt: r.received_at.toISOString(),
      peer: r.peer,
      size: r.size,
      sha256: r.sha256,
      reason: r.reason,
      replayedAt: r.replayed_at?.toISOString() ?? null,
      replayAckCode: r.replay_ack_code,
    }));
  }

  async payloadOf(
    manager: EntityManager,
    id: string,
  ): Promise<{ payloadEnc: string; sha256: string } | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows: { payload_enc: string; sha256: string }[] = await manager.query(
      `select payload_enc, sha256 from hl7_dead_letter where id = $1`,
      [id],
    );
    const row = rows[0];
    return row ? { payloadEnc: row.payload_enc, sha256: row.sha256 } : null;
  }

  async markReplayed(manager: EntityManager, id: string, ackCode: string): Promise<void> {
    await manager.query(
      `update hl7_dead_letter set replayed_at = now(), replay_ack_code = $2 where id = $1`,
      [id, ackCode],
    );
  }
}
