import { Principal } from '../auth/principal';
import { permissionsOf } from '../auth/permissions';
import { Hl7Error } from './hl7-ack';
import { RecordKey } from './pid-record';

/**
 * Who sent a message: `MSH-3^MSH-4` (application and facility, namespace only) and the
 * authorities it may feed (MPI_HL7_SENDERS; null: any accepted authority). It acts as an
 * ingest client bound to those sources; its audit entries name it `hl7:APP^FACILITY`.
 */
export interface Hl7Sender {
  /** `APP^FACILITY`, the key of delivery safety and of the allowlist. */
  id: string;
  owned: readonly string[] | null;
  principal: Principal;
}

export function senderOf(
  application: string,
  facility: string,
  owned: readonly string[] | null,
): Hl7Sender {
  const id = `${application}^${facility}`;
  return {
    id,
    owned,
    principal: {
      subject: `hl7:${id}`,
      client: 'mllp',
      roles: ['ingest', 'match'],
      permissions: permissionsOf(['ingest', 'match']),
      ...(owned ? { sources: owned } : {}),
    },
  };
}

/**
 * The feed listener as the ingest names it: messages of several senders share one ingest
 * round (one transaction), whose audit entry and automatic link events name the listener;
 * each message's sender is audited with its own record (`hl7.message`).
 */
export const FEED_LISTENER: Principal = {
  subject: 'hl7:feeds',
  client: 'mllp',
  roles: ['ingest'],
  permissions: permissionsOf(['ingest']),
};

/** A sender may feed only the authorities it owns (OpenHIE CR-04). */
export function ownershipError(
  sender: Hl7Sender,
  key: RecordKey,
  where: { segment: string; field: number },
): Hl7Error | null {
  if (sender.owned === null || sender.owned.includes(key.domain.namespace)) return null;
  return {
    code: 204,
    location: { ...where, repetition: 1, component: 4 },
    reason: 'the sender may not feed this assigning authority',
  };
}
