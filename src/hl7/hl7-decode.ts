/**
 * Bytes to text by MSH-18 (pure): ISO 8859-1 when the message says so, UTF-8 otherwise
 * (ASCII is a subset of both). Bytes that are not valid UTF-8 are not guessed at: the frame
 * goes to the dead letters.
 */
export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function decodeFrame(bytes: Buffer): Decoded {
  const end = bytes.indexOf(0x0d);
  const header = bytes.subarray(0, end < 0 ? bytes.length : end).toString('latin1');
  const separator = header.charAt(3);
  const charset = header.startsWith('MSH') && separator ? (header.split(separator)[17] ?? '') : '';
  if (/^8859\/1$/i.test(charset.trim())) return { ok: true, text: bytes.toString('latin1') };
  try {
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    return {
      ok: false,
      reason: 'the frame is not valid UTF-8 and MSH-18 names no other character set',
    };
  }
}

/** MSH-10 of a frame too broken to parse, if it can be found at all, for MSA-2 of the reject. */
export function bestEffortControlId(bytes: Buffer): string {
  const header = bytes.subarray(0, 1024).toString('latin1');
  const start = header.indexOf('MSH');
  if (start < 0) return '';
  const separator = header.charAt(start + 3);
  if (!separator) return '';
  const line = header.slice(start).split(/[\r\n]/)[0] ?? '';
  const id = line.split(separator)[9] ?? '';
  return /^[A-Za-z0-9._-]{1,40}$/.test(id) ? id : '';
}
