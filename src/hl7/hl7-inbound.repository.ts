import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StatementPart, runParts } from '../database/statement-parts';

export interface StoredAck {
  messageHash: string;
  ack: string;
  ackCode: string;
}

export interface InboundKey {
  sender: string;
  controlId: string;
}

export interface InboundRow extends InboundKey {
  messageHash: string;
  messageType: string;
  ackCode: 'AA' | 'AE' | 'AR';
  ack: string;
}

/**
 * Delivery safety: the feed messages accepted, by sender and MSH-10, with their ACKs. Read and
 * written many at a time: messages arriving together on several connections share a round trip,
 * and an ingest round's messages store theirs in its last statement (insertPart).
 */
@Injectable()
export class Hl7InboundRepository {
  /** The stored ACK of each key, in the order given (null: not seen). */
  async findMany(manager: EntityManager, keys: InboundKey[]): Promise<(StoredAck | null)[]> {
    const [rows = []] = await runParts(manager, [this.findPart(keys)], { prepare: true });
    return storedAcksOf(keys, rows);
  }

  /** findMany as a part of a caller's statement; its rows: storedAcksOf. */
  findPart(keys: readonly InboundKey[]): StatementPart {
    return {
      ctes: (p) => `inbound_found as (
    select i.sender, i.control_id, i.message_hash, i.ack, i.ack_code
      from hl7_inbound i join unnest(${p(keys.map((k) => k.sender))}::text[], ${p(
        keys.map((k) => k.controlId),
      )}::text[]) as k(sender, control_id)
        on i.sender = k.sender and i.control_id = k.control_id
  )`,
      returns: 'inbound_found',
    };
  }

  /**
   * Stores the ACKs; for each row, whether it was stored (false: another connection stored one
   * for the same key first, or an earlier row of this call has the same key).
   */
  async insertMany(manager: EntityManager, rows: InboundRow[]): Promise<boolean[]> {
    const [inserted = []] = (await runParts(manager, [this.insertPart(rows)])) as {
      sender: string;
      control_id: string;
    }[][];
    const stored = new Set(inserted.map((r) => inboundKey(r.sender, r.control_id)));
    return rows.map((r) => {
      const key = inboundKey(r.sender, r.controlId);
      // The first row of a key in this call is the one stored.
      return stored.delete(key);
    });
  }

  /**
   * insertMany as a part of a caller's statement: its rows read back are those stored (fewer
   * than given when another transaction stored one of the keys first).
   */
  insertPart(rows: InboundRow[]): StatementPart {
    return {
      ctes: (p) => `inbound_added as (
    insert into hl7_inbound (sender, control_id, message_hash, message_type, ack_code, ack)
    select * from unnest(${p(rows.map((r) => r.sender))}::text[], ${p(rows.map((r) => r.controlId))}::text[],
                         ${p(rows.map((r) => r.messageHash))}::text[], ${p(rows.map((r) => r.messageType))}::text[],
                         ${p(rows.map((r) => r.ackCode))}::text[], ${p(rows.map((r) => r.ack))}::text[])
    on conflict do nothing returning sender, control_id
  )`,
      returns: 'inbound_added',
    };
  }

  /** Forgets control ids older than the retention. */
  async purgeOlderThan(manager: EntityManager, days: number): Promise<void> {
    await manager.query(
      `delete from hl7_inbound where received_at < now() - make_interval(days => $1)`,
      [days],
    );
  }
}

/** The stored ACK of each key, in the order given (null: not seen), from findPart's rows. */
export function storedAcksOf(
  keys: readonly InboundKey[],
  rows: readonly unknown[],
): (StoredAck | null)[] {
  const found = new Map(
    (
      rows as {
        sender: string;
        control_id: string;
        message_hash: string;
        ack: string;
        ack_code: string;
      }[]
    ).map((r) => [
      inboundKey(r.sender, r.control_id),
      { messageHash: r.message_hash, ack: r.ack, ackCode: r.ack_code },
    ]),
  );
  return keys.map((k) => found.get(inboundKey(k.sender, k.controlId)) ?? null);
}

function inboundKey(sender: string, controlId: string): string {
  return `${sender}\u0000${controlId}`;
}
