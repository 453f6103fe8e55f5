import { Hl7Message } from './hl7-message';
import { Reading } from './pid-record';

/** An HL7 TS/DTM: YYYY[MM[DD[HH[MM[SS[.S...]]]]]][+/-ZZZZ]. */
const TIMESTAMP =
  /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?(?:([+-])(\d{2})(\d{2}))?$/;

/** Where the time the source says the event happened is read, first found wins. */
const SOURCES = [
  { segment: 'EVN', field: 6 },
  { segment: 'EVN', field: 2 },
  { segment: 'MSH', field: 7 },
] as const;

/**
 * When the source says a feed's event happened (pure): EVN-6 (event occurred), else EVN-2
 * (recorded), else MSH-7 (the message's time). Survivorship orders registrations by it, so a
 * feed delivered late does not pass for the newest. A time without an offset is read as UTC
 * (the receiver cannot know the sender's zone). Undefined when none is sent; a value that is
 * not a timestamp is AE 102 at its field.
 */
export function eventTimeOf(message: Hl7Message): Reading<string | undefined> {
  for (const where of SOURCES) {
    const raw = message.value(where.segment, where.field);
    if (raw === '') continue;
    const time = parseTimestamp(raw);
    if (time) return { ok: true, value: time };
    return {
      ok: false,
      errors: [
        {
          code: 102,
          location: { segment: where.segment, field: where.field },
          reason: `${where.segment}-${where.field} is not a timestamp YYYYMMDDHHMMSS[+ZZZZ]`,
        },
      ],
    };
  }
  return { ok: true, value: undefined };
}

/** An HL7 timestamp as an ISO instant, or null when it is not one (or not a real date). */
export function parseTimestamp(raw: string): string | null {
  const m = TIMESTAMP.exec(raw);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) =>
    Number(m[i] ?? (i <= 3 ? 1 : 0)),
  ) as [number, number, number, number, number, number];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  // Date.UTC rolls 31 February over to March: a real date and time reads back as written.
  const real =
    wall.getUTCFullYear() === year &&
    wall.getUTCMonth() === month - 1 &&
    wall.getUTCDate() === day &&
    wall.getUTCHours() === hour &&
    wall.getUTCMinutes() === minute;
  if (!real || second > 59) return null;
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) : 0;
  return new Date(wall.getTime() - offset * 60_000).toISOString();
}
