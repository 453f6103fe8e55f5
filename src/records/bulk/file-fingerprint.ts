import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/**
 * A file's identity for resuming its bulk load, and its line count (the progress bar's total
 * and the automatic choice of the bulk path): one pass, hashing as it counts.
 */
export async function fingerprintFile(
  file: string,
): Promise<{ fingerprint: string; lines: number }> {
  const hash = createHash('sha256');
  let lines = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    lines += newlines(buffer);
  }
  return { fingerprint: hash.digest('base64url'), lines };
}

/** Counts a file's lines without hashing it (whether to choose the bulk path). */
export async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }))
    lines += newlines(chunk as Buffer);
  return lines;
}

function newlines(buffer: Buffer): number {
  let count = 0;
  for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) count += 1;
  return count;
}

/** Time-ordered record ids: within one chunk (one received_at) their order is arrival order. */
export class OrderedIds {
  private counter = 0;
  private readonly prefix: string;

  constructor(now = Date.now()) {
    // 48 bits of milliseconds, the version nibble 7 (RFC 9562 UUIDv7), then a counter.
    this.prefix = now.toString(16).padStart(12, '0');
  }

  next(): string {
    const n = this.counter++;
    const hex = n.toString(16).padStart(15, '0');
    const random = Math.floor(Math.random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
    // xxxxxxxx-xxxx-7ccc-8ccc-cccccccrrrr: the variant bits 10, the counter across the rest.
    return `${this.prefix.slice(0, 8)}-${this.prefix.slice(8, 12)}-7${hex.slice(0, 3)}-8${hex.slice(3, 6)}-${hex.slice(6, 15)}${random.slice(0, 3)}`;
  }
}
