import { CanonicalColumn } from '../matching/record-types';
import { Hl7Error } from './hl7-ack';
import { Hl7Domain } from '../config/hl7-section';
import { AuthorityName, resolveAuthority } from './hl7-domains';
import { FieldPresence, Hl7Message, Hl7Segment } from './hl7-message';

/**
 * A PID segment as changes to a canonical record (pure). HL7's null semantics (ITI TF-2
 * App. C): a field left out leaves the stored value as it is, `""` deletes it, a value
 * replaces the whole field (so a component left empty in a sent field is deleted too).
 * The record key is PID-3's first repetition: source = its authority's namespace, source id
 * = CX.1; further repetitions are kept as other identifiers under their authorities.
 */
export type ContentColumn = Exclude<CanonicalColumn, 'source' | 'source_id'>;
/** A new value, or null to delete the stored one; a column left out is unchanged. */
export type RecordChanges = Partial<Record<ContentColumn, string | null>>;

export interface RecordKey {
  domain: Hl7Domain;
  sourceId: string;
}

export interface PidReading {
  key: RecordKey;
  changes: RecordChanges;
}

export type Reading<T> = { ok: true; value: T } | { ok: false; errors: Hl7Error[] };

/** Where each canonical column comes from, to place a rejected value's ERR. */
export const PID_FIELD_OF: Record<ContentColumn, number> = {
  given_name: 5,
  middle_name: 5,
  family_name: 5,
  suffix: 5,
  mothers_maiden_name: 6,
  birth_date: 7,
  sex: 8,
  address_line: 11,
  city: 11,
  state: 11,
  postal_code: 11,
  phone: 13,
  email: 13,
  ssn: 19,
  multiple_birth: 25,
  other_identifiers: 3,
};

const SEX: Record<string, string> = {
  M: 'male',
  F: 'female',
  O: 'other',
  A: 'other',
  U: 'unknown',
  N: 'unknown',
};

/** CX.1 and CX.4 of one repetition of a CX field. */
export function readCx(
  message: Hl7Message,
  repetition: string,
): { id: string; authority: AuthorityName } {
  return {
    id: message.component(repetition, 1),
    authority: {
      namespace: message.component(repetition, 4, 1),
      universalId: message.component(repetition, 4, 2),
      universalIdType: message.component(repetition, 4, 3),
    },
  };
}

/** One CX repetition resolved to a configured domain, or the ERR that refuses it. */
export function resolveCx(
  message: Hl7Message,
  repetition: string,
  domains: readonly Hl7Domain[] | null,
  where: { segment: string; field: number; repetition: number },
): Reading<RecordKey> {
  const { id, authority } = readCx(message, repetition);
  if (id === '')
    return {
      ok: false,
      errors: [
        {
          code: 101,
          location: { ...where, component: 1 },
          reason: 'the identifier has no value (CX.1)',
        },
      ],
    };
  const resolved = resolveAuthority(domains, authority);
  if (!resolved.ok)
    return {
      ok: false,
      errors: [{ code: 204, location: { ...where, component: 4 }, reason: resolved.reason }],
    };
  return { ok: true, value: { domain: resolved.domain, sourceId: id } };
}

export function readPid(
  message: Hl7Message,
  pid: Hl7Segment,
  domains: readonly Hl7Domain[] | null,
): Reading<PidReading> {
  const ids = message.repetitions(message.field(pid, 3));
  if (ids.length === 0)
    return {
      ok: false,
      errors: [{ code: 101, location: { segment: 'PID', field: 3 }, reason: 'PID-3 is required' }],
    };
  const keys: RecordKey[] = [];
  const errors: Hl7Error[] = [];
  ids.forEach((rep, i) => {
    const key = resolveCx(message, rep, domains, { segment: 'PID', field: 3, repetition: i + 1 });
    if (key.ok) keys.push(key.value);
    else errors.push(...key.errors);
  });
  if (message.presence(pid, 5).kind === 'absent')
    errors.push({ code: 101, location: { segment: 'PID', field: 5 }, reason: 'PID-5 is required' });
  const [key, ...others] = keys;
  if (errors.length > 0 || !key) return { ok: false, errors };
  const changes: RecordChanges = {
    ...nameChanges(message, pid),
    ...single(message, message.presence(pid, 6), (raw) => ({
      mothers_maiden_name: message.component(raw, 1, 1),
    })),
    ...addressChanges(message, pid),
    ...telecomChanges(message, pid),
    ...single(message, message.presence(pid, 19), (raw) => ({ ssn: message.component(raw, 1) })),
    ...multipleBirthChanges(message, pid),
    other_identifiers: others.map((o) => `${o.domain.namespace}|${o.sourceId}`).join(';') || null,
  };
  const birth = birthDateChange(message, pid);
  const sex = sexChange(message, pid);
  for (const part of [birth, sex]) if (!part.ok) errors.push(...part.errors);
  if (!birth.ok || !sex.ok) return { ok: false, errors };
  return { ok: true, value: { key, changes: { ...changes, ...birth.value, ...sex.value } } };
}

/** Applies a field's presence: absent -> no change, "" -> every column deleted, value -> read. */
function single(
  message: Hl7Message,
  presence: FieldPresence,
  read: (firstRepetition: string) => RecordChanges,
): RecordChanges {
  if (presence.kind === 'absent') return {};
  if (presence.kind === 'value')
    return blanksAsDeletes(read(message.repetitions(presence.raw)[0] ?? ''));
  return Object.fromEntries(Object.keys(read('')).map((column) => [column, null]));
}

function blanksAsDeletes(changes: RecordChanges): RecordChanges {
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v === '' ? null : v]));
}

function nameChanges(message: Hl7Message, pid: Hl7Segment): RecordChanges {
  const presence = message.presence(pid, 5);
  const reps = presence.kind === 'value' ? message.repetitions(presence.raw) : [];
  // The legal name (XPN.7 = L) when several are sent; else the first.
  const legal = reps.find((r) => message.component(r, 7) === 'L') ?? reps[0] ?? '';
  const read = (): RecordChanges => ({
    family_name: message.component(legal, 1, 1),
    given_name: message.component(legal, 2),
    middle_name: message.component(legal, 3),
    suffix: message.component(legal, 4),
  });
  return single(message, presence, read);
}

function addressChanges(message: Hl7Message, pid: Hl7Segment): RecordChanges {
  return single(message, message.presence(pid, 11), (raw) => ({
    address_line: [message.component(raw, 1, 1), message.component(raw, 2)]
      .filter((p) => p !== '')
      .join(' '),
    city: message.component(raw, 3),
    state: message.component(raw, 4),
    postal_code: message.component(raw, 5),
  }));
}

/** PID-13: the first number (XTN.1, or area and local number in v2.5) and the first e-mail. */
function telecomChanges(message: Hl7Message, pid: Hl7Segment): RecordChanges {
  const presence = message.presence(pid, 13);
  if (presence.kind === 'absent') return {};
  if (presence.kind === 'delete') return { phone: null, email: null };
  const reps = message.repetitions(presence.raw);
  const isEmail = (r: string): boolean =>
    message.component(r, 2) === 'NET' || message.component(r, 3).toLowerCase() === 'internet';
  const email = reps.find(isEmail);
  const phone = reps
    .filter((r) => !isEmail(r))
    .map((r) => message.component(r, 1) || `${message.component(r, 6)}${message.component(r, 7)}`)
    .find((n) => n !== '');
  return { phone: phone ?? null, email: email ? message.component(email, 4) || null : null };
}

function multipleBirthChanges(message: Hl7Message, pid: Hl7Segment): RecordChanges {
  const indicator = message.presence(pid, 24);
  const order = message.presence(pid, 25);
  if (order.kind === 'value') return { multiple_birth: message.component(order.raw, 1) };
  if (indicator.kind === 'value')
    return { multiple_birth: message.component(indicator.raw, 1) === 'Y' ? 'true' : 'false' };
  if (indicator.kind === 'delete' || order.kind === 'delete') return { multiple_birth: null };
  return {};
}

function birthDateChange(message: Hl7Message, pid: Hl7Segment): Reading<RecordChanges> {
  const presence = message.presence(pid, 7);
  if (presence.kind === 'absent') return { ok: true, value: {} };
  if (presence.kind === 'delete') return { ok: true, value: { birth_date: null } };
  const value = message.component(presence.raw, 1);
  const digits = /^(\d{4})(\d{2})(\d{2})/.exec(value);
  if (!digits)
    return {
      ok: false,
      errors: [
        {
          code: 102,
          location: { segment: 'PID', field: 7 },
          reason: 'PID-7 is not a date YYYYMMDD',
        },
      ],
    };
  return { ok: true, value: { birth_date: `${digits[1]}-${digits[2]}-${digits[3]}` } };
}

function sexChange(message: Hl7Message, pid: Hl7Segment): Reading<RecordChanges> {
  const presence = message.presence(pid, 8);
  if (presence.kind === 'absent') return { ok: true, value: {} };
  if (presence.kind === 'delete') return { ok: true, value: { sex: null } };
  const sex = SEX[message.component(presence.raw, 1).toUpperCase()];
  if (!sex)
    return {
      ok: false,
      errors: [
        { code: 103, location: { segment: 'PID', field: 8 }, reason: 'PID-8 is not in table 0001' },
      ],
    };
  return { ok: true, value: { sex } };
}
