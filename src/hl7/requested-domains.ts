import { Hl7Error } from './hl7-ack';
import { Hl7Domain } from '../config/hl7-section';
import { resolveAuthority } from './hl7-domains';
import { Hl7Message } from './hl7-message';
import { readCx } from './pid-record';

/**
 * A query's requested domains (QPD-4 of a PIX query, QPD-8 of a PDQ query), each by CX.4:
 * an unknown one is an error (204) each, located at its repetition.
 */
export function requestedDomains(
  configured: readonly Hl7Domain[] | null,
  message: Hl7Message,
  qpdField: number,
): { ok: true; domains: Hl7Domain[] } | { ok: false; errors: Hl7Error[] } {
  const domains: Hl7Domain[] = [];
  const errors: Hl7Error[] = [];
  message.repetitions(message.field(message.segment('QPD'), qpdField)).forEach((rep, i) => {
    const resolved = resolveAuthority(configured, readCx(message, rep).authority);
    if (resolved.ok) domains.push(resolved.domain);
    else
      errors.push({
        code: 204,
        location: { segment: 'QPD', field: qpdField, repetition: i + 1 },
        reason: resolved.reason,
      });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, domains };
}
