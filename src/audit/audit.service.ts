import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';

export interface AuditEntry {
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  recordIds?: string[];
  personIds?: string[];
  /** Counts, ids, decisions: never names, dates or identifiers. */
  detail?: Record<string, unknown>;
  purpose?: string | null;
  correlationId?: string | null;
}

/** Writes one audit event in the caller's transaction, so the change and its trace land together. */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, actor: Principal, entry: AuditEntry): Promise<void> {
    await manager.query(
      `insert into audit_event (actor, role, client, purpose, action, outcome, correlation_id, record_ids, person_ids, detail)
       values ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9::uuid[], $10::jsonb)`,
      [
        actor.subject,
        actor.roles.join(' '),
        actor.client,
        entry.purpose ?? null,
        entry.action,
        entry.outcome,
        entry.correlationId ?? null,
        (entry.recordIds ?? []).filter((id) => id !== ''),
        entry.personIds ?? [],
        JSON.stringify(entry.detail ?? {}),
      ],
    );
  }
}
