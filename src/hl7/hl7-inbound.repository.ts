import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface StoredAck {
  messageHash: string;
  ack: string;
  ackCode: string;
}

export interface InboundRow {
  sender: string;
  controlId: string;
  messageHash: string;
  messageType: string;
  ackCode: 'AA' | 'AE' | 'AR';
  ack: string;
}

/** Delivery safety: the feed messages accepted, by sender and MSH-10, with their ACKs. */
@Injectable()
export class Hl7InboundRepository {
  async find(manager: EntityManager, sender: string, controlId: string): Promise<StoredAck | null> {
    const rows: { message_hash: string; ack: string; ack_code: string }[] = await manager.query(
      `select message_hash, ack, ack_code from hl7_inbound where sender = $1 and control_id = $2`,
      [sender, controlId],
    );
    const row = rows[0];
    return row ? { messageHash: row.message_hash, ack: row.ack, ackCode: row.ack_code } : null;
  }

  /** Stores the ACK; false when another connection stored one for the same key first. */
  async insert(manager: EntityManager, row: InboundRow): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `insert into hl7_inbound (sender, control_id, message_hash, message_type, ack_code, ack)
       values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning 1`,
      [row.sender, row.controlId, row.messageHash, row.messageType, row.ackCode, row.ack],
    );
    return rows.length > 0;
  }

  /** Forgets control ids older than the retention. */
  async purgeOlderThan(manager: EntityManager, days: number): Promise<void> {
    await manager.query(
      `delete from hl7_inbound where received_at < now() - make_interval(days => $1)`,
      [days],
    );
  }
}
