import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  AuditEventFields,
  ChainVerifier,
  ChainedAuditEvent,
  GENESIS_HASH,
  canonicalJson,
  eventHash,
} from '../../src/audit/audit-chain';

function chain(n: number, start = 0n): ChainedAuditEvent[] {
  const events: ChainedAuditEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields: AuditEventFields = {
      seq: String(start + BigInt(i)),
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
      actor: `user-${i % 3}`,
      role: i % 2 ? 'steward' : null,
      client: i % 4 ? 'portal' : null,
      purpose: i % 5 ? 'TREAT' : null,
      action: i % 2 ? 'person.read' : 'record.ingest',
      outcome: 'success',
      correlationId: `req-${i}`,
      recordIds: [`00000000-0000-4000-8000-00000000000${i % 10}`],
      personIds: [],
      detail: { n: i, nested: { b: [1, 2], a: 'x' } },
      prevHash,
    };
    const event = { ...fields, hash: eventHash(fields) };
    events.push(event);
    prevHash = event.hash;
  }
  return events;
}

function verify(events: ChainedAuditEvent[], tail = events[events.length - 1], start = 0n) {
  const verifier = new ChainVerifier(start);
  for (const event of events) if (verifier.push(event)) break;
  return (
    verifier.firstBreak ??
    verifier.finish({ seq: tail?.seq ?? String(start), hash: tail?.hash ?? GENESIS_HASH })
  );
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members, keeps array order', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: null } }),
      '{"a":{"c":null,"d":[3,{"z":1}]},"b":1}',
    );
    assert.equal(canonicalJson(undefined), 'null');
  });

  it('is the same for any key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        assert.equal(canonicalJson(value), canonicalJson(reversed));
        assert.deepEqual(JSON.parse(canonicalJson(value)), JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('ChainVerifier', () => {
  it('accepts an intact chain, and one that starts after legacy events', () => {
    assert.equal(verify(chain(20)), null);
    assert.equal(verify(chain(5, 100n), undefined, 100n), null);
    assert.equal(verify([], undefined), null);
  });

  it('names the first altered event, whatever field was changed (property)', () => {
    const fields = [
      'actor',
      'role',
      'client',
      'purpose',
      'action',
      'outcome',
      'correlationId',
    ] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom(...fields),
        fc.string({ minLength: 1 }),
        (index, field, value) => {
          const events = chain(10);
          const target = events[index]!;
          fc.pre(target[field] !== value);
          events[index] = { ...target, [field]: value };
          assert.deepEqual(verify(events)?.seq, target.seq);
        },
      ),
    );
  });

  it('detects changed ids, detail and time', () => {
    for (const change of [
      (e: ChainedAuditEvent) => ({ ...e, recordIds: [] }),
      (e: ChainedAuditEvent) => ({ ...e, personIds: ['00000000-0000-4000-8000-000000000099'] }),
      (e: ChainedAuditEvent) => ({ ...e, detail: { n: 999 } }),
      (e: ChainedAuditEvent) => ({ ...e, at: new Date(e.at.getTime() + 1) }),
    ]) {
      const events = chain(6);
      events[3] = change(events[3]!);
      assert.equal(verify(events)?.seq, '4');
    }
  });

  it('detects a removed, a reordered, an inserted and a re-hashed event', () => {
    const removed = chain(6);
    removed.splice(2, 1);
    assert.equal(verify(removed)?.seq, '4');
    const swapped = chain(6);
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    assert.equal(verify(swapped)?.seq, '4');
    // Recomputing the edited event's own hash does not help: the next event still points at the old one.
    const rehashed = chain(6);
    const edited = { ...rehashed[2]!, actor: 'mallory' };
    rehashed[2] = { ...edited, hash: eventHash(edited) };
    assert.equal(verify(rehashed)?.seq, '4');
  });

  it('detects events cut off the end through the tail', () => {
    const events = chain(6);
    const tail = events[5]!;
    const broken = verify(events.slice(0, 4), tail);
    assert.equal(broken?.seq, '5');
    assert.match(broken?.reason ?? '', /removed/);
  });
});
