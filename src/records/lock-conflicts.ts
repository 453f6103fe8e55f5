import { PreparedRecord } from './prepared-record';
import { recordKey } from './source-record.repository';

/**
 * Splits a batch into records that can be written now and records that must wait: a record
 * waits when it shares a lock key with a batch still in flight (it would only queue behind
 * that batch's locks and hold the rest of its own batch up), and so does any later record with
 * the same source and id as a waiting one, so a resend never overtakes its earlier version.
 */
export function splitByLockConflicts(
  records: PreparedRecord[],
  busy: readonly ReadonlySet<string>[],
): { now: PreparedRecord[]; later: PreparedRecord[] } {
  const now: PreparedRecord[] = [];
  const later: PreparedRecord[] = [];
  const heldBack = new Set<string>();
  for (const record of records) {
    const own = recordKey(record.source, record.sourceIdToken);
    const conflicts =
      heldBack.has(own) || lockKeysOf(record).some((key) => busy.some((set) => set.has(key)));
    if (conflicts) {
      later.push(record);
      heldBack.add(own);
    } else now.push(record);
  }
  return { now, later };
}

/**
 * What a record's write locks: its blocking keys (every record it could be compared with
 * shares one) and its own key. Two writes with no lock key in common cannot affect each other.
 */
export function lockKeysOf(record: PreparedRecord): string[] {
  return [...record.blockKeys, recordKey(record.source, record.sourceIdToken)];
}
