import { EntityManager } from 'typeorm';

/** One event of the audit trail, as a caller states it. */
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

/** Who acted, as the audit trail names them (auth's `Principal` is one). */
export interface AuditActor {
  subject: string;
  client: string | null;
  roles: readonly string[];
  scopes?: readonly string[];
  issuer?: string;
}

/**
 * Where modules below the audit trail write to it: the auth guard records its refusals
 * through this interface, so auth does not import audit (which imports auth's decorators).
 * The audit module provides it as `AUDIT_SINK`.
 */
export interface AuditSink {
  /** In the caller's transaction: the change and its trace commit together. */
  record(manager: EntityManager, actor: AuditActor, entry: AuditEntry): Promise<void>;
  /** An event of its own (a read, a refusal): resolves once it is committed. */
  recordAlone(actor: AuditActor, entry: AuditEntry): Promise<void>;
}

export const AUDIT_SINK = Symbol('AUDIT_SINK');
