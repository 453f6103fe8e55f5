import { AuditActor, AuditEntry } from '../common/audit-sink';
import { IngestOutcome } from '../records/prepared-record';
import { InboundKey, InboundRow, StoredAck } from './hl7-inbound.repository';

/**
 * A feed message's delivery safety, as the ingest round that writes its record carries it:
 * its sender and control id, and, once the record's outcome is known, the ACK to store under
 * them and the message's audit entry. Both go in the round's last statement (RoundAddendum).
 */
export interface Delivery {
  key: InboundKey;
  /** The sender, as its audit entry names it. */
  actor: AuditActor;
  settle(outcome: IngestOutcome | undefined): { row: InboundRow; audit: AuditEntry | null };
}

/**
 * What became of a delivery: its ACK stored with its round's commit, or a row already stored
 * under its control id (a re-send, or another message under a used id) and nothing written.
 */
export type Delivered = { stored: InboundRow } | { seen: StoredAck };

/**
 * Another transaction stored an ACK under one of a round's control ids while the round ran
 * (another instance given the same message): the round rolls back and is read again.
 */
export class DeliveryRace extends Error {
  constructor() {
    super('a control id of the round was stored meanwhile');
    this.name = 'DeliveryRace';
  }
}
