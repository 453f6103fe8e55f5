import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FieldResult } from '../../src/matching/normalize/field-result';
import { normalizePhone } from '../../src/matching/normalize/phone';

const tooFew = 'phone has too few digits, treated as missing';
const placeholder = 'phone is a placeholder number, treated as missing';

describe('normalizePhone', () => {
  const cases: [string, FieldResult<string>][] = [
    ['', { ok: true, value: null }],
    ['(555) 123-4567', { ok: true, value: '5551234567' }],
    ['+1 555 123 4567', { ok: true, value: '5551234567' }],
    ['1-555-123-4567', { ok: true, value: '5551234567' }],
    ['555.123.4567 x204', { ok: true, value: '5551234567' }],
    ['555-123-4567 ext. 9', { ok: true, value: '5551234567' }],
    ['+44 20 7946 0958', { ok: true, value: '442079460958' }],
    ['(03) 9123 4567', { ok: true, value: '0391234567' }],
    ['555-4567', { ok: true, value: '5554567' }],
    ['123-4567', { ok: true, value: null, issue: placeholder }],
    ['12345', { ok: true, value: null, issue: tooFew }],
    ['none', { ok: true, value: null, issue: tooFew }],
    [
      '1234567890123456',
      { ok: true, value: null, issue: 'phone has too many digits, treated as missing' },
    ],
    ['000-000-0000', { ok: true, value: null, issue: placeholder }],
    ['999 999 9999', { ok: true, value: null, issue: placeholder }],
    ['1-111-111-1111', { ok: true, value: null, issue: placeholder }],
    ['123-456-7890', { ok: true, value: null, issue: placeholder }],
  ];
  for (const [raw, expected] of cases) {
    it(`reads ${JSON.stringify(raw)}`, () => assert.deepEqual(normalizePhone(raw), expected));
  }

  it('is idempotent and gives digits only', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[+]?[0-9 ()\-.]{0,20}$/), (raw) => {
        const once = normalizePhone(raw);
        assert.ok(once.ok);
        if (once.value === null) return;
        assert.match(once.value, /^\d{7,15}$/);
        assert.deepEqual(normalizePhone(once.value), once);
      }),
      { numRuns: 2000 },
    );
  });
});
