import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditEntry, AuditSink } from '../common/audit-sink';
import { Coalescer } from '../common/coalescer';
import { SECRETS } from '../config/config.module';
import { Secrets } from '../config/key-material';
import { RequestContext, currentContext } from '../telemetry/request-context';
import { AuditEventFields, CHAIN_VERSION, ChainedAuditEvent, eventHash } from './audit-chain';
import {
  ChainTail,
  appendAfterLockedTail,
  lockedTail,
  lockedTailPart,
  readChainTail,
  swapAppend,
  swapAppendPart,
} from './audit-event.repository';
import { StatementPart } from '../database/statement-parts';

/**
 * The one way to write the audit trail, in one of two shapes:
 * - `record(manager, actor, entry)` writes the event in the caller's transaction, so a change
 *   and its trace land together (ingest, steward actions, relink, key rotation);
 * - `recordAlone(actor, entry)` writes an event that goes with no change of its own (a read,
 *   a search, a $match, a refusal), with group commit, and resolves once it is committed.
 * Either way the event is chained to the one before it (see audit-chain.ts).
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
  private readonly logger = new Logger('audit');
  /** Events of `recordAlone`: those waiting while an append commits go in the next one. */
  private readonly alone: Coalescer<DetachedEntry, undefined>;

  constructor(
    @Inject(SECRETS) private readonly secrets: Pick<Secrets, 'auditKey'>,
    dataSource: DataSource,
  ) {
    this.alone = new Coalescer(async (batch) => {
      try {
        await this.appendDetached(dataSource.manager, batch);
      } catch (error) {
        this.logger.error(
          `could not record ${batch.length} audit event(s) (${error instanceof Error ? error.name : 'error'})`,
        );
        throw error;
      }
      return batch.map(() => undefined);
    });
  }

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
   * As `record`, with the events sent as a part of the caller's last write statement (in its
   * transaction), then `settle` with the rows the part read back. The events are chained
   * after the tail this process last wrote or read and appended by compare and swap, so most
   * rounds write their entries with no round trip of their own; the guess moves to the last
   * at once, so a round that sends its last write meanwhile chains after it (and waits for its
   * commit on the tail's row). A missed swap (another writer moved the tail, or the round
   * before rolled back) costs the locking append; with no guess the part takes the tail's lock
   * instead, and settle appends after it. `after`: a CTE of the caller's statement whose row
   * locks must be taken before the tail's (see lockedTailPart), so that every writer locks in
   * one order. Several entries (an ingest round's and its feed messages') chain in the order
   * given.
   */
  appendPart(
    entries: readonly { actor: AuditActor; entry: AuditEntry }[],
    after?: string,
  ): PendingAppend {
    const context = currentContext();
    if (context) context.auditEvents += entries.length;
    const items = entries.map(({ actor, entry }) => ({ actor, entry, context }));
    const locked = async (manager: EntityManager, tail: ChainTail): Promise<void> => {
      const events = this.chain(tail, items);
      // Against the tail just locked the swap cannot miss: the events go in one statement.
      if ((await swapAppend(manager, events, tail)) !== events.length)
        throw new Error('the audit chain moved under its lock');
      const last = events[events.length - 1];
      if (last) this.tailGuess = { seq: last.seq, hash: last.hash, at: last.at };
    };
    const guess = this.tailGuess;
    const events = guess ? this.chain(guess, items) : [];
    const last = events[events.length - 1];
    if (!guess || !last)
      return {
        part: lockedTailPart(after),
        settle: (manager, rows) => locked(manager, lockedTail(rows)),
      };
    this.tailGuess = { seq: last.seq, hash: last.hash, at: last.at };
    return {
      part: swapAppendPart(events, guess, after),
      settle: async (manager, rows) => {
        if (rows.length > 0) return;
        this.tailGuess = null;
        await locked(manager, await readChainTail(manager, 'lock'));
      },
    };
  }

  /**
   * Records an event of its own with group commit. Each caller still waits until its event is
   * committed before it answers (no disclosure without its trace), but the events that arrive
   * while one append is committing are written together in the next one: one statement and
   * one WAL flush for many events, instead of a locked transaction each (appendDetached).
   * Under load that append, not the query, was what a $match cost, and the chain's tail lock
   * would otherwise serialize every request behind it.
   *
   * Each event keeps its own request's correlation id, purpose of use and client, and counts
   * towards its own request's audit coverage: its request context is taken here, at the call.
   */
  async recordAlone(actor: AuditActor, entry: AuditEntry): Promise<void> {
    await this.alone.call({ actor, entry, context: currentContext() });
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
      const tail = this.tailGuess ?? (await readChainTail(manager, 'peek'));
      const events = this.chain(tail, items);
      const last = events[events.length - 1];
      if (!last) return;
      const appended = await swapAppend(manager, events, tail);
      if (appended === items.length) {
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
    const tail = await readChainTail(manager, 'lock');
    const [event] = this.chain(tail, [{ actor, entry, context }]);
    if (!event) return;
    await appendAfterLockedTail(manager, event);
    this.tailGuess = null;
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

/** An audit event on its way in a caller's statement (AuditService.appendPart). */
export interface PendingAppend {
  part: StatementPart;
  settle(manager: EntityManager, rows: readonly unknown[]): Promise<void>;
}

export interface DetachedEntry {
  actor: AuditActor;
  entry: AuditEntry;
  /** The request the event belongs to: its ids, and its audit coverage count. */
  context: RequestContext | undefined;
}

/** Optimistic swaps tried before the locking append. */
const DETACHED_ATTEMPTS = 3;

/** Roles for role-based tokens; granted scopes for SMART tokens without MPI roles. */
function roleOf(actor: AuditActor): string | null {
  if (actor.roles.length > 0) return actor.roles.join(' ');
  return actor.scopes && actor.scopes.length > 0 ? actor.scopes.join(' ') : null;
}

/** uuid[] reads back lowercase and without blanks: hash it the same way. */
function normalizeIds(ids: readonly string[] | undefined): string[] {
  return (ids ?? []).filter((id) => id !== '').map((id) => id.toLowerCase());
}
