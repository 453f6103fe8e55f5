import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeframedItem, MllpDeframer, mllpFrame } from '../../src/hl7/mllp-deframer';

/** The deframer is pure: bytes in, frames out, whatever the chunking. */
function messages(items: DeframedItem[]): string[] {
  return items.map((i) => (i.kind === 'message' ? i.bytes.toString('utf8') : `<oversize>`));
}

function deframe(chunks: Buffer[], max = 1 << 20): string[] {
  const deframer = new MllpDeframer(max);
  return messages(chunks.flatMap((c) => deframer.push(c)));
}

/** Cuts a buffer at the given (sorted, deduplicated) offsets. */
function cut(stream: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of [...points, stream.length]) {
    chunks.push(stream.subarray(from, p));
    from = p;
  }
  return chunks;
}

const body = fc
  .array(fc.constantFrom('MSH|^~\\&|A', 'PID|||1^^^X', '\r', 'é', 'ü', '漢', 'x'), {
    maxLength: 30,
  })
  .map((parts) => `MSH|${parts.join('')}`);

describe('MLLP deframer', () => {
  it('yields the same messages for any split of a stream of frames (property)', () => {
    fc.assert(
      fc.property(
        fc.array(body, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.constantFrom('', '\n', '\r\n', '\x00'),
        (bodies, offsets, stray) => {
          const stream = Buffer.concat(
            bodies.map((b) => Buffer.concat([Buffer.from(stray), mllpFrame(b)])),
          );
          assert.deepEqual(deframe(cut(stream, offsets)), bodies);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads two frames in one chunk, FS and CR apart, byte by byte, after stray bytes', () => {
    const a = mllpFrame('MSH|A');
    const b = mllpFrame('MSH|B');
    assert.deepEqual(deframe([Buffer.concat([a, b])]), ['MSH|A', 'MSH|B']);
    assert.deepEqual(deframe([a.subarray(0, a.length - 1), a.subarray(a.length - 1)]), ['MSH|A']);
    assert.deepEqual(deframe([...Buffer.concat([a, b])].map((x) => Buffer.from([x]))), [
      'MSH|A',
      'MSH|B',
    ]);
    assert.deepEqual(deframe([Buffer.from('\n\n'), a]), ['MSH|A']);
  });

  it('reports an oversized frame once, with its head, and reads the next frame whole', () => {
    const big = mllpFrame(`MSH|^~\\&|A|B|||||ADT^A04|CTRL-9|P|2.5\r${'x'.repeat(5000)}`);
    const deframer = new MllpDeframer(1000);
    const items = [
      ...cut(Buffer.concat([big, mllpFrame('MSH|NEXT')]), [7, 900, 1500, 4000]),
    ].flatMap((c) => deframer.push(c));
    assert.equal(items.length, 2);
    assert.equal(items[0]?.kind, 'oversize');
    assert.match(items[0]?.kind === 'oversize' ? items[0].head.toString() : '', /CTRL-9/);
    assert.deepEqual(messages(items.slice(1)), ['MSH|NEXT']);
  });

  it('drops a frame abandoned by a new start block and keeps the new one', () => {
    assert.deepEqual(deframe([Buffer.from('\x0bMSH|LOST\x0bMSH|KEPT\x1c\r')]), ['MSH|KEPT']);
  });

  it('tells when a frame is being assembled (the assembly timeout runs then)', () => {
    const deframer = new MllpDeframer(100);
    deframer.push(Buffer.from('\x0bMSH|PART'));
    assert.equal(deframer.assembling, true);
    deframer.push(Buffer.from('\x1c\r'));
    assert.equal(deframer.assembling, false);
  });
});
