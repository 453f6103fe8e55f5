import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { currentContext } from '../telemetry/request-context';
import { AuditEventFields, eventHash } from './audit-chain';

export interface AuditEntry {
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  recordIds?: string[];
  personIds?: string[];
  /** Counts, ids, decisions: never names, dates or identifiers. */
  detail?: Record<string, unknown>;
  /** Taken from the request context (X-Purpose-Of-Use) when left out. */
  purpose?: string | null;
  /** Taken from the request context (X-Request-Id) when left out. */
  correlationId?: string | null;
}

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
export class AuditService {
  async record(manager: EntityManager, actor: Principal, entry: AuditEntry): Promise<void> {
    const context = currentContext();
    if (context) context.auditEvents += 1;
    if (!manager.queryRunner?.isTransactionActive) {
      // The tail lock only means something inside a transaction.
      await manager.transaction((inner) => this.append(inner, actor, entry));
      return;
    }
    await this.append(manager, actor, entry);
  }

  private async append(manager: EntityManager, actor: Principal, entry: AuditEntry): Promise<void> {
    const context = currentContext();
    const rows: ChainTail[] = await manager.query(
      `select seq::text as seq, hash, date_trunc('milliseconds', clock_timestamp()) as at
         from audit_chain_tail where id = 1 for update`,
    );
    const tail = rows[0];
    if (!tail) throw new Error('audit_chain_tail is missing: run the migrations');
    const event: AuditEventFields = {
      seq: (BigInt(tail.seq) + 1n).toString(),
      at: tail.at,
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
      prevHash: tail.hash,
    };
    const hash = eventHash(event);
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
        hash,
      ],
    );
  }
}

/** Roles for role-based tokens; granted scopes for SMART tokens without MPI roles. */
function roleOf(actor: Principal): string | null {
  if (actor.roles.length > 0) return actor.roles.join(' ');
  return actor.scopes && actor.scopes.length > 0 ? actor.scopes.join(' ') : null;
}

/** uuid[] reads back lowercase and without blanks: hash it the same way. */
function normalizeIds(ids: readonly string[] | undefined): string[] {
  return (ids ?? []).filter((id) => id !== '').map((id) => id.toLowerCase());
}
