import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventTimeOf, parseTimestamp } from '../../src/hl7/event-time';
import { parseHl7 } from '../../src/hl7/hl7-message';

function message(msh7: string, evn: string | null): ReturnType<typeof parseHl7> {
  return parseHl7(
    [
      `MSH|^~\\&|REG|HOSPA|MPI|MPI|${msh7}||ADT^A08^ADT_A01|C-1|P|2.5`,
      ...(evn === null ? [] : [evn]),
      'PID|||A1^^^HOSPA||DOE^JO',
    ].join('\r'),
  );
}

describe('HL7 event time (EVN-6, EVN-2, MSH-7)', () => {
  it('reads HL7 timestamps of any precision, with or without an offset', () => {
    const table: [string, string | null][] = [
      ['20261206101500', '2026-12-06T10:15:00.000Z'],
      ['202612061015', '2026-12-06T10:15:00.000Z'],
      ['20261206', '2026-12-06T00:00:00.000Z'],
      ['2026', '2026-01-01T00:00:00.000Z'],
      ['20261206101500.25', '2026-12-06T10:15:00.250Z'],
      ['20261206101500+0100', '2026-12-06T09:15:00.000Z'],
      ['20261206101500-0530', '2026-12-06T15:45:00.000Z'],
      ['20260231', null],
      ['20261206246000', null],
      ['2026-12-06', null],
      ['yesterday', null],
    ];
    for (const [raw, iso] of table) assert.equal(parseTimestamp(raw), iso, raw);
  });

  it('prefers the event occurred (EVN-6), then the recorded time (EVN-2), then MSH-7', () => {
    const evn6 = eventTimeOf(message('20261206120000', 'EVN|A08|20261205090000||||20261201080000'));
    assert.deepEqual(evn6, { ok: true, value: '2026-12-01T08:00:00.000Z' });
    const evn2 = eventTimeOf(message('20261206120000', 'EVN|A08|20261205090000'));
    assert.deepEqual(evn2, { ok: true, value: '2026-12-05T09:00:00.000Z' });
    const msh7 = eventTimeOf(message('20261206120000', null));
    assert.deepEqual(msh7, { ok: true, value: '2026-12-06T12:00:00.000Z' });
    assert.deepEqual(eventTimeOf(message('', null)), { ok: true, value: undefined });
  });

  it('refuses a value that is not a timestamp with 102 at its field', () => {
    const bad = eventTimeOf(message('20261206120000', 'EVN|A08|20261399'));
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.equal(bad.errors[0]?.code, 102);
      assert.deepEqual(bad.errors[0]?.location, { segment: 'EVN', field: 2 });
    }
  });
});
