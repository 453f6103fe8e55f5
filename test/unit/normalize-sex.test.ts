import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSex } from '../../src/matching/normalize/sex';

describe('normalizeSex', () => {
  const cases: [string, string | null][] = [
    ['', null],
    ['male', 'male'],
    [' M ', 'male'],
    ['Female', 'female'],
    ['f', 'female'],
    ['other', 'other'],
    ['O', 'other'],
    ['A', 'other'],
    ['unknown', 'unknown'],
    ['U', 'unknown'],
    ['N', 'unknown'],
  ];
  for (const [raw, expected] of cases) {
    it(`reads ${JSON.stringify(raw)}`, () =>
      assert.deepEqual(normalizeSex(raw), { ok: true, value: expected }));
  }

  it('rejects an unknown code without repeating it', () => {
    assert.deepEqual(normalizeSex('boy'), {
      ok: false,
      error: 'sex must be one of male, female, other, unknown',
    });
  });
});
