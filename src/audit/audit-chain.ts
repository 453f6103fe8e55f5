import { createHash, createHmac } from 'node:crypto';

/**
 * The audit trail's hash chain: each event carries the hash of the one before it and its own
 * hash over a canonical serialisation of its fields and the previous hash. Changing, removing
 * or reordering any event breaks every link after it; the chain tail (kept in its own row)
 * catches a removed last event.
 *
 * Version 2, every event after audit_chain_tail.keyed_from_seq (the keyed-chain migration's
 * tail), is HMAC-SHA256 under the audit key, which lives outside the database (MPI_AUDIT_KEY):
 * whoever can write the tables can no longer re-chain edited events. Earlier events keep
 * version 1 (plain SHA-256). The boundary, like the chain's start, is fixed by a trigger; an
 * owner who drops the triggers is caught by a checkpoint kept elsewhere (`mpi audit
 * checkpoint`, then `mpi audit verify --expect HASH`).
 */
export type ChainVersion = 1 | 2;
export const CHAIN_VERSION: ChainVersion = 2;
/** prev_hash of the first event of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEventFields {
  /** bigint, as PostgreSQL returns it: a decimal string. */
  seq: string;
  at: Date;
  actor: string;
  role: string | null;
  client: string | null;
  purpose: string | null;
  action: string;
  outcome: string;
  correlationId: string | null;
  recordIds: readonly string[];
  personIds: readonly string[];
  detail: unknown;
  prevHash: string;
  /** 1 when absent: events from before the keyed chain. */
  version?: ChainVersion;
}

export interface ChainedAuditEvent extends AuditEventFields {
  hash: string;
}

/** JSON with object keys sorted at every depth; undefined members dropped as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The serialisation that is hashed: a fixed-order array, so no field can move into another. */
export function canonicalEvent(event: AuditEventFields): string {
  return canonicalJson([
    event.version ?? 1,
    event.seq,
    event.at.toISOString(),
    event.actor,
    event.role,
    event.client,
    event.purpose,
    event.action,
    event.outcome,
    event.correlationId,
    event.recordIds,
    event.personIds,
    event.detail ?? {},
    event.prevHash,
  ]);
}

/** SHA-256 for a version 1 event, HMAC-SHA256 under the audit key for version 2. */
export function eventHash(event: AuditEventFields, key?: Buffer): string {
  const text = canonicalEvent(event);
  if ((event.version ?? 1) === 1) return createHash('sha256').update(text, 'utf8').digest('hex');
  if (!key) throw new Error('a keyed audit event needs the audit key');
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

export interface ChainBreak {
  seq: string;
  reason: string;
}

/**
 * Checks events in chain order, one at a time, so a verifier can stream millions of rows.
 * Stops at the first break: everything after it is suspect anyway.
 */
export class ChainVerifier {
  private previousHash = GENESIS_HASH;
  private previousSeq: bigint | null = null;
  private count = 0;
  private broken: ChainBreak | null = null;
  private expectedSeen = false;

  /**
   * @param startSeq seq the chain starts after (events before the chain existed are not covered).
   * @param keyed from which seq on events are keyed (version 2), and the audit key; none: all
   *   events are version 1.
   * @param expectHash a checkpoint: the chain must hold an event with this hash.
   */
  constructor(
    private readonly startSeq: bigint = 0n,
    private readonly keyed?: { afterSeq: bigint; key: Buffer },
    private readonly expectHash?: string,
  ) {}

  get checked(): number {
    return this.count;
  }

  get lastHash(): string {
    return this.previousHash;
  }

  get firstBreak(): ChainBreak | null {
    return this.broken;
  }

  push(event: ChainedAuditEvent): ChainBreak | null {
    if (this.broken) return this.broken;
    const expectedSeq = (this.previousSeq ?? this.startSeq) + 1n;
    if (BigInt(event.seq) !== expectedSeq) {
      return this.fail(
        event.seq,
        `expected event ${expectedSeq} next: events are missing or out of order`,
      );
    }
    if (event.prevHash !== this.previousHash)
      return this.fail(event.seq, 'prev_hash does not match the previous event');
    const keyed = this.keyed !== undefined && expectedSeq > this.keyed.afterSeq;
    const version: ChainVersion = keyed ? 2 : 1;
    if (eventHash({ ...event, version }, this.keyed?.key) !== event.hash)
      return this.fail(event.seq, 'hash does not match the event: it was altered');
    this.expectedSeen ||= event.hash === this.expectHash;
    this.previousHash = event.hash;
    this.previousSeq = expectedSeq;
    this.count += 1;
    return null;
  }

  /** The stored tail must name the last event: otherwise events were cut off the end. */
  finish(tail: { seq: string; hash: string }): ChainBreak | null {
    if (this.broken) return this.broken;
    const lastSeq = this.previousSeq ?? this.startSeq;
    if (BigInt(tail.seq) !== lastSeq || tail.hash !== this.previousHash) {
      return this.fail(
        String(lastSeq + 1n),
        `the chain tail names event ${tail.seq}, but the chain ends at ${lastSeq}: events were removed`,
      );
    }
    if (this.expectHash !== undefined && !this.expectedSeen) {
      return this.fail(
        String(lastSeq),
        'the expected checkpoint hash is not in the chain: events up to it were rewritten or cut off',
      );
    }
    return null;
  }

  private fail(seq: string, reason: string): ChainBreak {
    this.broken = { seq, reason };
    return this.broken;
  }
}
