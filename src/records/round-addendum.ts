import { AuditActor, AuditEntry } from '../common/audit-sink';
import { StatementPart } from '../database/statement-parts';
import { IngestOutcome } from './prepared-record';

/**
 * Writes of a caller that ride on an ingest round's last statement, in its transaction: the
 * HL7 feed's stored ACKs and its messages' audit entries, known only once the round's
 * records are written and linked. They commit with the records, or not at all, at no round
 * trip of their own.
 */
export interface RoundAddendum {
  /** The parts and audit entries for the round's outcomes (the rejected records' too). */
  writes(outcomes: readonly IngestOutcome[]): {
    parts: StatementPart[];
    audit: { actor: AuditActor; entry: AuditEntry }[];
  };
  /** The rows its parts read back, in their order; throwing rolls the round back. */
  settle(rows: readonly unknown[][]): void;
}
