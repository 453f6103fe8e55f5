/**
 * MLLP framing (HL7 v2.5 App. C): `0x0B` message `0x1C 0x0D`. TCP splits and joins frames
 * freely, so the deframer works on bytes, keeps state across chunks, and never assumes a
 * chunk ends where a frame does:
 *   - bytes outside a frame (keep-alive line feeds, the CR after FS) are skipped;
 *   - a frame ends at FS; the CR that should follow is skipped as a stray byte, wherever it
 *     arrives;
 *   - a start block inside a frame means the sender gave up on the frame before it: the
 *     partial frame is dropped and the new one starts;
 *   - a frame longer than the cap is read to its end without being kept, then reported as
 *     `oversize` (with its first bytes, to echo the control id in the reject) so the
 *     connection stays usable.
 */
export const START_BLOCK = 0x0b;
export const END_BLOCK = 0x1c;
export const CARRIAGE_RETURN = 0x0d;

/** How much of an oversized frame is kept: enough for its MSH segment. */
const OVERSIZE_HEAD_BYTES = 1024;

export type DeframedItem = { kind: 'message'; bytes: Buffer } | { kind: 'oversize'; head: Buffer };

export class MllpDeframer {
  private inFrame = false;
  private discarding = false;
  private parts: Buffer[] = [];
  private size = 0;
  private head: Buffer = Buffer.alloc(0);

  constructor(private readonly maxBytes: number) {}

  /** True while a frame has started and not ended: the assembly timeout runs then. */
  get assembling(): boolean {
    return this.inFrame;
  }

  push(chunk: Buffer): DeframedItem[] {
    const items: DeframedItem[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (!this.inFrame) {
        const start = chunk.indexOf(START_BLOCK, at);
        if (start < 0) break;
        this.begin();
        at = start + 1;
        continue;
      }
      const end = nextDelimiter(chunk, at);
      if (end < 0) {
        this.take(chunk.subarray(at));
        break;
      }
      this.take(chunk.subarray(at, end));
      at = end + 1;
      if (chunk[end] === START_BLOCK) this.begin();
      else items.push(this.finish());
    }
    return items;
  }

  private begin(): void {
    this.inFrame = true;
    this.discarding = false;
    this.parts = [];
    this.size = 0;
    this.head = Buffer.alloc(0);
  }

  private take(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.head.length < OVERSIZE_HEAD_BYTES)
      this.head = Buffer.concat([
        this.head,
        bytes.subarray(0, OVERSIZE_HEAD_BYTES - this.head.length),
      ]);
    this.size += bytes.length;
    if (this.discarding) return;
    if (this.size > this.maxBytes) {
      this.discarding = true;
      this.parts = [];
      return;
    }
    // Copied: the socket may reuse the chunk's memory.
    this.parts.push(Buffer.from(bytes));
  }

  private finish(): DeframedItem {
    this.inFrame = false;
    const item: DeframedItem = this.discarding
      ? { kind: 'oversize', head: this.head }
      : { kind: 'message', bytes: Buffer.concat(this.parts, this.size) };
    this.parts = [];
    this.discarding = false;
    return item;
  }
}

/** The next FS or VT at or after `from`, whichever comes first; -1 if neither. */
function nextDelimiter(chunk: Buffer, from: number): number {
  const end = chunk.indexOf(END_BLOCK, from);
  const start = chunk.indexOf(START_BLOCK, from);
  if (start < 0) return end;
  if (end < 0) return start;
  return Math.min(start, end);
}

/** Wraps a message in an MLLP frame. */
export function mllpFrame(message: Buffer | string): Buffer {
  const body = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  return Buffer.concat([
    Buffer.from([START_BLOCK]),
    body,
    Buffer.from([END_BLOCK, CARRIAGE_RETURN]),
  ]);
}
