import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditActor, AuditEntry, AuditSink } from '../common/audit-sink';
import { preparedQuery } from '../database/prepared-query';
import { SECRETS } from '../config/config.module';
import { Secrets } from '../config/key-material';
import { RequestContext, currentContext } from '../telemetry/request-context';
import { AuditEventFields, CHAIN_VERSION, ChainedAuditEvent, eventHash } from './audit-chain';

interface ChainTail {
  seq: string;
  hash: string;
  at: Date;
}

/**
 * Writes one audit event in the caller's transaction, so the change and its trace land
 * together, chained to the event before it (see audit-chain.ts).
 *
 * Concurrency: the chain tail is one row, locked with SELECT ... FOR UPDATE. In READ COMMITTED
 * a waiting transaction then reads the tail its predecessor committed, so events chain in
 * commit order and never fork; under REPEATABLE READ the database raises a serialization
 * failure (retried by the ingest) instead of forking. The lock is held to the end of the
 * caller's transaction, so callers record the audit event last, after their other locks.
 */
@Injectable()
export class AuditService implements AuditSink {
  /** The chain's tail as this process last wrote or read it: the optimistic append's guess. */
  private tailGuess: ChainTail | null = null;

  constructor(@Inject(SECRETS) private readonly secrets: Pick<Secrets, 'auditKey'>) {}

  async record(manager: EntityManager, actor: AuditActor, entry: AuditEntry): Promise<void> {
    const context = currentContext();
    if (context) context.auditEvents += 1;
    if (!manager.queryRunner?.isTransactionActive) {
      // The tail lock only means something inside a transaction.
      await manager.transaction((inner) => this.append(inner, actor, entry));
      return;
    }
    await this.append(manager, actor, entry);
  }

  /**
   * Appends events outside any caller transaction, in one statement that is its own
   * transaction: the chain tail moves only if it still is the tail this process saw last
   * (compare and swap), and the events go in with it. One round trip and one commit instead
   * of four, which is most of what a FHIR disclosure costs under load. When another writer
   * (an ingest, another instance) moved the tail in between, the swap misses, the tail is read
   * again and the events are chained anew; after a few misses the locking append takes over,
   * so a busy chain still makes progress.
   */
  async appendDetached(manager: EntityManager, items: readonly DetachedEntry[]): Promise<void> {
    if (items.length === 0) return;
    for (const item of items) if (item.context) item.context.auditEvents += 1;
    for (let attempt = 0; attempt < DETACHED_ATTEMPTS; attempt++) {
      const tail = this.tailGuess ?? (await this.readTail(manager, 'peek'));
      const events = this.chain(tail, items);
      const last = events[events.length - 1];
      if (!last) return;
      const rows = await preparedQuery<{ seq: string }>(manager, 'mpi_audit_cas_v1', CAS_SQL, [
        JSON.stringify(events.map(eventRow)),
        last.seq,
        last.hash,
        tail.seq,
        tail.hash,
      ]);
      if (rows.length === items.length) {
        this.tailGuess = { seq: last.seq, hash: last.hash, at: last.at };
        return;
      }
      this.tailGuess = null;
    }
    await manager.transaction(async (inner) => {
      for (const item of items) await this.append(inner, item.actor, item.entry, item.context);
    });
  }

  private async append(
    manager: EntityManager,
    actor: AuditActor,
    entry: AuditEntry,
    context = currentContext(),
  ): Promise<void> {
    const tail = await this.readTail(manager, 'lock');
    const [event] = this.chain(tail, [{ actor, entry, context }]);
    if (!event) return;
    await manager.query(
      `with moved as (update audit_chain_tail set seq = $1, hash = $14 where id = 1)
       insert into audit_event (seq, at, actor, role, client, purpose, action, outcome, correlation_id,
                                record_ids, person_ids, detail, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::uuid[], $11::uuid[], $12::jsonb, $13, $14)`,
      [
        event.seq,
        event.at,
        event.actor,
        event.role,
        event.client,
        event.purpose,
        event.action,
        event.outcome,
        event.correlationId,
        event.recordIds,
        event.personIds,
        JSON.stringify(event.detail),
        event.prevHash,
        event.hash,
      ],
    );
    this.tailGuess = null;
  }

  /**
   * The chain's tail, with the database's clock for the events to come: under its row lock
   * until commit for an append in a transaction, or as it stands for the optimistic append
   * (whose swap checks it is still true).
   */
  private async readTail(manager: EntityManager, mode: 'lock' | 'peek'): Promise<ChainTail> {
    const rows = await preparedQuery<ChainTail>(
      manager,
      `mpi_audit_tail_${mode}_v1`,
      `select seq::text as seq, hash, date_trunc('milliseconds', clock_timestamp()) as at
         from audit_chain_tail where id = 1${mode === 'lock' ? ' for update' : ''}`,
      [],
    );
    if (!rows[0]) throw new Error('audit_chain_tail is missing: run the migrations');
    return rows[0];
  }

  /**
   * The events chained one after the other from the tail. Times never run backwards along
   * the chain: the database's clock when the tail was just read, otherwise this process's.
   */
  private chain(tail: ChainTail, items: readonly DetachedEntry[]): ChainedAuditEvent[] {
    let seq = BigInt(tail.seq);
    let prevHash = tail.hash;
    const at = new Date(Math.max(tail.at.getTime(), Date.now()));
    return items.map(({ actor, entry, context }) => {
      seq += 1n;
      const fields: AuditEventFields = {
        seq: seq.toString(),
        at,
        actor: actor.subject,
        role: roleOf(actor),
        client: actor.client ?? context?.clientId ?? null,
        purpose: entry.purpose ?? context?.purposeOfUse ?? null,
        action: entry.action,
        outcome: entry.outcome,
        correlationId: entry.correlationId ?? context?.correlationId ?? null,
        recordIds: normalizeIds(entry.recordIds),
        personIds: normalizeIds(entry.personIds),
        // Hash what the database will hand back: JSON drops undefined members and functions.
        detail: JSON.parse(JSON.stringify(entry.detail ?? {})) as unknown,
        prevHash,
        version: CHAIN_VERSION,
      };
      const event = { ...fields, hash: eventHash(fields, this.secrets.auditKey) };
      prevHash = event.hash;
      return event;
    });
  }
}

export interface DetachedEntry {
  actor: AuditActor;
  entry: AuditEntry;
  /** The request the event belongs to: its ids, and its audit coverage count. */
  context: RequestContext | undefined;
}

/** Optimistic swaps tried before the locking append. */
const DETACHED_ATTEMPTS = 3;

/**
 * The compare-and-swap append: the tail moves from ($4, $5) to ($2, $3) and the events ($1)
 * are inserted only if it did. Under READ COMMITTED an update that waited for another writer
 * re-reads the row and finds its seq moved on, so nothing is written and no chain forks.
 */
const CAS_SQL = `
  with moved as (
    update audit_chain_tail set seq = $2::bigint, hash = $3
     where id = 1 and seq = $4::bigint and hash = $5
    returning 1)
  insert into audit_event (seq, at, actor, role, client, purpose, action, outcome, correlation_id,
                           record_ids, person_ids, detail, prev_hash, hash)
  select e.seq, e.at, e.actor, e.role, e.client, e.purpose, e.action, e.outcome, e.correlation_id,
         e.record_ids, e.person_ids, e.detail, e.prev_hash, e.hash
    from json_to_recordset($1::json) as e(
           seq bigint, at timestamptz, actor text, role text, client text, purpose text,
           action text, outcome text, correlation_id text, record_ids uuid[], person_ids uuid[],
           detail jsonb, prev_hash text, hash text)
   where exists (select 1 from moved)
  returning seq::text as seq`;

function eventRow(event: ChainedAuditEvent): Record<string, unknown> {
  return {
    seq: event.seq,
    at: event.at.toISOString(),
    actor: event.actor,
    role: event.role,
    client: event.client,
    purpose: event.purpose,
    action: event.action,
    outcome: event.outcome,
    correlation_id: event.correlationId,
    record_ids: event.recordIds,
    person_ids: event.personIds,
    detail: event.detail,
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

/** Roles for role-based tokens; granted scopes for SMART tokens without MPI roles. */
function roleOf(actor: AuditActor): string | null {
  if (actor.roles.length > 0) return actor.roles.join(' ');
  return actor.scopes && actor.scopes.length > 0 ? actor.scopes.join(' ') : null;
}

/** uuid[] reads back lowercase and without blanks: hash it the same way. */
function normalizeIds(ids: readonly string[] | undefined): string[] {
  return (ids ?? []).filter((id) => id !== '').map((id) => id.toLowerCase());
}
