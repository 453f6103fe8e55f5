import { randomBytes } from 'node:crypto';
import { escapeValue, unescapeValue } from './hl7-escape';
import { Hl7Message } from './hl7-message';

/**
 * Building HL7 v2 text (pure), always with the standard delimiters `|^~\&`. Every value goes
 * through `text` (escaped) or is echoed `raw` from a parsed message; the `Encoded` brand keeps
 * a plain string from slipping into a segment unescaped.
 */
export type Encoded = string & { readonly __encoded: true };

export const EMPTY = '' as Encoded;

export function text(value: string | null | undefined): Encoded {
  return escapeValue(value ?? '') as Encoded;
}

/** Text already in the standard encoding, echoed as received (see `reencode`). */
export function raw(value: string): Encoded {
  return value as Encoded;
}

function joinTrimmed(parts: readonly Encoded[], separator: string): Encoded {
  let end = parts.length;
  while (end > 0 && parts[end - 1] === '') end -= 1;
  return parts.slice(0, end).join(separator) as Encoded;
}

export function components(...parts: Encoded[]): Encoded {
  return joinTrimmed(parts, '^');
}

export function subcomponents(...parts: Encoded[]): Encoded {
  return joinTrimmed(parts, '&');
}

export function repetitions(parts: readonly Encoded[]): Encoded {
  return parts.join('~') as Encoded;
}

/**
 * A field of a parsed message in the standard encoding: split at the sender's delimiters,
 * unescaped leaf by leaf, escaped again with ours. An echo (MSH-3 into the ACK's MSH-5, the
 * QPD of a query) is then right whatever delimiters the sender chose.
 */
export function reencode(message: Hl7Message, field: string): Encoded {
  return repetitions(
    message.repetitions(field).map((rep) =>
      joinTrimmed(
        message.components(rep).map((c) =>
          joinTrimmed(
            message.subcomponents(c).map((s) => text(unescapeValue(s, message.delimiters))),
            '&',
          ),
        ),
        '^',
      ),
    ),
  );
}

/** One segment: its fields joined, trailing empty fields dropped. MSH gets its encoding field. */
export function segment(name: string, fields: readonly Encoded[]): string {
  if (name === 'MSH') return `MSH|^~\\&|${joinTrimmed(fields, '|')}`;
  const body = joinTrimmed(fields, '|');
  return body === '' ? name : `${name}|${body}`;
}

export function message(segments: readonly string[]): string {
  return segments.join('\r') + '\r';
}

/** HL7 DTM to the second, UTC with offset, e.g. 20261206194115+0000. */
export function hl7Timestamp(at: Date = new Date()): Encoded {
  const iso = at.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+0000` as Encoded;
}

/**
 * A message control id of at most 20 characters (MSH-10 is ST(20)): the time in base 36, then
 * random base-32 characters. Unlike a millisecond clock, two ACKs in one millisecond differ.
 */
export function newControlId(now: number = Date.now()): Encoded {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const time = now.toString(36).toUpperCase();
  const bytes = randomBytes(20 - time.length);
  let suffix = '';
  for (const byte of bytes) suffix += alphabet.charAt(byte % 32);
  return `${time}${suffix}` as Encoded;
}
