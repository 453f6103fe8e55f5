import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildAck, requestHeaderOf } from '../../src/hl7/hl7-ack';
import { parseDomains } from '../../src/config/hl7-section';
import { resolveAuthority } from '../../src/hl7/hl7-domains';
import { STANDARD_DELIMITERS, escapeValue, unescapeValue } from '../../src/hl7/hl7-escape';
import { Hl7ParseError, parseHl7 } from '../../src/hl7/hl7-message';
import { readPid } from '../../src/hl7/pid-record';
import { components, segment, text } from '../../src/hl7/hl7-writer';

const me = { application: 'MPI', facility: 'MPI' };

function header(version: string): string {
  return `MSH|^~\\&|REG|HOSPA|MPI|MPI|20261206120000||ADT^A04^ADT_A01|C-1|P|${version}`;
}

describe('HL7 v2 escaping', () => {
  it('round-trips any text, and an escaped value never holds a delimiter (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const escaped = escapeValue(value);
        assert.ok(!/[|^~&\r\n]/.test(escaped));
        assert.equal(unescapeValue(escaped, STANDARD_DELIMITERS), value);
      }),
    );
  });

  it("reads the standard escapes, hex and the sender's own delimiters", () => {
    const message = parseHl7('MSH#*!@%|A|B\rPID#1##X*Y%Z##O@F@BRIEN@X41@*JO%E\r');
    const pid = message.segment('PID');
    assert.equal(message.component(message.field(pid, 5), 1), 'O#BRIENA');
    assert.equal(message.component(message.field(pid, 5), 2), 'JO');
    assert.equal(message.component(message.field(pid, 3), 2, 2), 'Z');
  });

  it('writes a value holding delimiters as one component', () => {
    const pid = segment('PID', [
      text('1'),
      text(''),
      components(text('O|BRIEN^X&Y'), text('JANE')),
    ]);
    assert.equal(pid, 'PID|1||O\\F\\BRIEN\\S\\X\\T\\Y^JANE');
    const parsed = parseHl7(`${header('2.5')}\r${pid}\r`);
    assert.equal(parsed.component(parsed.field(parsed.segment('PID'), 3), 1), 'O|BRIEN^X&Y');
  });

  it('reads any text after an MSH header without failing other than by Hl7ParseError (property)', () => {
    const domains = parseDomains('HOSPA');
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (head, pid) => {
        try {
          const message = parseHl7(`MSH|^~\\&|${head}\rPID|${pid}\r`);
          const segment = message.segment('PID');
          if (segment) readPid(message, segment, domains);
          requestHeaderOf(message);
        } catch (error) {
          assert.ok(error instanceof Hl7ParseError, String(error));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses text that is not an HL7 message', () => {
    assert.throws(() => parseHl7('hello'), Hl7ParseError);
    assert.throws(() => parseHl7('MSH|^^^^|A'), Hl7ParseError);
  });
});

describe('HL7 v2 acknowledgements', () => {
  it('places an error in ERR-1 for v2.3.1 and in ERR-2..4 for v2.5', () => {
    const error = {
      code: 204 as const,
      location: { segment: 'PID', field: 3, repetition: 1, component: 4 },
    };
    const old = buildAck(requestHeaderOf(parseHl7(header('2.3.1'))), me, 'AE', [error]);
    assert.match(old, /\rERR\|PID\^1\^3\^204&Unknown key identifier&HL70357\r/);
    assert.match(old, /\rMSA\|AE\|C-1\|/);
    const recent = buildAck(requestHeaderOf(parseHl7(header('2.5'))), me, 'AE', [error]);
    assert.match(recent, /\rERR\|\|PID\^1\^3\^1\^4\|204\^Unknown key identifier\^HL70357\|E/);
    assert.match(
      recent,
      /^MSH\|\^~\\&\|MPI\|MPI\|REG\|HOSPA\|\d{14}\+0000\|\|ACK\^A04\^ACK\|[0-9A-Z]{20}\|P\|2\.5\r/,
    );
  });

  it('gives two ACKs of one millisecond different control ids', () => {
    const request = requestHeaderOf(parseHl7(header('2.5')));
    const ids = new Set(
      Array.from({ length: 200 }, () => buildAck(request, me, 'AA').split('\r')[0]?.split('|')[9]),
    );
    assert.equal(ids.size, 200);
  });
});

describe('PID as record changes', () => {
  const domains = parseDomains('HOSPA,HOSPB&1.2.3.4.5&ISO');

  it('leaves absent fields out, deletes "" and replaces sent fields whole', () => {
    const message = parseHl7(
      `${header('2.5')}\rPID|||A1^^^HOSPA~B9^^^&1.2.3.4.5&ISO||DOE^JANE||""|F|||""\r`,
    );
    const reading = readPid(message, message.segment('PID')!, domains);
    assert.ok(reading.ok);
    assert.deepEqual(reading.value.key, {
      domain: { namespace: 'HOSPA', universalId: null, universalIdType: null },
      sourceId: 'A1',
    });
    assert.deepEqual(reading.value.changes, {
      family_name: 'DOE',
      given_name: 'JANE',
      middle_name: null,
      suffix: null,
      birth_date: null,
      sex: 'female',
      address_line: null,
      city: null,
      state: null,
      postal_code: null,
      other_identifiers: 'HOSPB|B9',
    });
  });

  it('refuses identifiers without a usable authority, naming the repetition', () => {
    for (const cx of ['A1^^^&1.2.3&', 'A1^^^&&ISO', 'A1^^^NOWHERE', 'A1']) {
      const message = parseHl7(`${header('2.5')}\rPID|||OK1^^^HOSPA~${cx}||DOE^JANE\r`);
      const reading = readPid(message, message.segment('PID')!, domains);
      assert.ok(!reading.ok, cx);
      assert.deepEqual(
        reading.errors.map((e) => [e.code, e.location]),
        [[204, { segment: 'PID', field: 3, repetition: 2, component: 4 }]],
      );
    }
  });

  it('completes a namespace from the universal id, and refuses a mismatch', () => {
    assert.deepEqual(
      resolveAuthority(domains, {
        namespace: '',
        universalId: '1.2.3.4.5',
        universalIdType: 'ISO',
      }),
      {
        ok: true,
        domain: { namespace: 'HOSPB', universalId: '1.2.3.4.5', universalIdType: 'ISO' },
      },
    );
    assert.equal(
      resolveAuthority(domains, { namespace: 'HOSPB', universalId: '9.9', universalIdType: 'ISO' })
        .ok,
      false,
    );
  });
});
