import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FieldResult } from '../../src/matching/normalize/field-result';
import { normalizeSsn } from '../../src/matching/normalize/ssn';

const missing = (issue: string): FieldResult<string> => ({
  ok: true,
  value: null,
  issue: `${issue}, treated as missing`,
});

describe('normalizeSsn', () => {
  const cases: [string, FieldResult<string>][] = [
    ['', { ok: true, value: null }],
    ['219-09-9998', { ok: true, value: '219099998' }],
    [' 219 09 9998 ', { ok: true, value: '219099998' }],
    ['219.09.9998', { ok: true, value: '219099998' }],
    ['786-77-6454', { ok: true, value: '786776454' }],
    ['12345678', missing('ssn is not 9 digits')],
    ['1234567890', missing('ssn is not 9 digits')],
    ['21909999A', missing('ssn is not 9 digits')],
    ['000-00-0000', missing('ssn is a placeholder number')],
    ['999-99-9999', missing('ssn is a placeholder number')],
    ['123-45-6789', missing('ssn is a placeholder number')],
    ['111-11-1111', missing('ssn is a placeholder number')],
    ['555555555', missing('ssn is a placeholder number')],
    ['078-05-1120', missing('ssn is a placeholder number')],
    ['000-12-3456', missing('ssn area number is never issued')],
    ['666-12-3456', missing('ssn area number is never issued')],
    ['900-12-3456', missing('ssn area number is never issued')],
    ['987-65-4320', missing('ssn area number is never issued')],
    ['219-00-9998', missing('ssn group number 00 is never issued')],
    ['219-09-0000', missing('ssn serial number 0000 is never issued')],
  ];
  for (const [raw, expected] of cases) {
    it(`reads ${JSON.stringify(raw)}`, () => assert.deepEqual(normalizeSsn(raw), expected));
  }

  it('never errors, never repeats the value, and is idempotent', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9 \-.]{0,14}$/), (raw) => {
        const once = normalizeSsn(raw);
        assert.ok(once.ok);
        const digits = raw.replace(/\D/g, '');
        if (once.issue !== undefined && digits.length > 2) assert.ok(!once.issue.includes(digits));
        if (once.value !== null) assert.deepEqual(normalizeSsn(once.value), once);
      }),
      { numRuns: 3000 },
    );
  });
});
