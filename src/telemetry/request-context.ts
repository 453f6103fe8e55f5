import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What the service knows about the request it is serving, carried by AsyncLocalStorage so the
 * logger (correlation id on every line) and the audit trail (purpose of use, client,
 * correlation id) find it without every caller passing it down.
 */
export interface RequestContext {
  readonly correlationId: string;
  /** HL7 v3 PurposeOfUse code from `X-Purpose-Of-Use` (TREAT, HPAYMT, ...), when given. */
  readonly purposeOfUse: string | null;
  /** OAuth client of the verified token; set by the auth guard. */
  clientId: string | null;
  /** Audit events recorded while serving the request (a fallback event is written when 0). */
  auditEvents: number;
}

export const CORRELATION_HEADER = 'x-request-id';
export const PURPOSE_HEADER = 'x-purpose-of-use';

/** Ids and codes we accept from callers: short, no spaces, nothing a log line could misread. */
const SAFE_TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;
const PURPOSE_CODE = /^[A-Za-z0-9._-]{1,64}$/;

const storage = new AsyncLocalStorage<RequestContext>();

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** A caller's X-Request-Id when it is a safe token, else a fresh UUID. */
export function correlationIdFrom(header: unknown): string {
  return typeof header === 'string' && SAFE_TOKEN.test(header) ? header : randomUUID();
}

/** A purpose-of-use code, or null when absent or malformed (never echoed, never logged raw). */
export function purposeFrom(header: unknown): string | null {
  return typeof header === 'string' && PURPOSE_CODE.test(header) ? header.toUpperCase() : null;
}

export function newRequestContext(
  headers: Record<string, string | string[] | undefined>,
): RequestContext {
  return {
    correlationId: correlationIdFrom(headers[CORRELATION_HEADER]),
    purposeOfUse: purposeFrom(headers[PURPOSE_HEADER]),
    clientId: null,
    auditEvents: 0,
  };
}
