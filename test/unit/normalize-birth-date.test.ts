import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FieldResult } from '../../src/matching/normalize/field-result';
import { normalizeBirthDate, utcToday } from '../../src/matching/normalize/birth-date';

const TODAY = '2025-06-15';

describe('normalizeBirthDate', () => {
  const cases: [string, FieldResult<string>][] = [
    ['', { ok: true, value: null }],
    ['1980-07-04', { ok: true, value: '1980-07-04' }],
    [' 19800704 ', { ok: true, value: '1980-07-04' }],
    ['2000-02-29', { ok: true, value: '2000-02-29' }],
    ['1630-08-01', { ok: true, value: '1630-08-01' }],
    ['2025-06-15', { ok: true, value: '2025-06-15' }],
    ['1900-02-29', { ok: false, error: 'birth_date is not a valid calendar date' }],
    ['2023-02-30', { ok: false, error: 'birth_date is not a valid calendar date' }],
    ['2023-13-01', { ok: false, error: 'birth_date is not a valid calendar date' }],
    ['2023-04-31', { ok: false, error: 'birth_date is not a valid calendar date' }],
    ['20230000', { ok: false, error: 'birth_date is not a valid calendar date' }],
    ['04/07/1980', { ok: false, error: 'birth_date must be a date written YYYY-MM-DD' }],
    ['1980-7-4', { ok: false, error: 'birth_date must be a date written YYYY-MM-DD' }],
    ['1980-07-04T00:00:00Z', { ok: false, error: 'birth_date must be a date written YYYY-MM-DD' }],
    [
      '1900-01-01',
      { ok: true, value: null, issue: 'birth_date is a placeholder date, treated as missing' },
    ],
    [
      '2025-06-16',
      { ok: true, value: null, issue: 'birth_date is in the future, treated as missing' },
    ],
  ];
  for (const [raw, expected] of cases) {
    it(`reads ${JSON.stringify(raw)}`, () =>
      assert.deepEqual(normalizeBirthDate(raw, TODAY), expected));
  }

  it('agrees with the JavaScript calendar on every date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 2024 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const raw = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const date = new Date(Date.UTC(year, month - 1, day));
          const real = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
          assert.equal(normalizeBirthDate(raw, TODAY).ok, real);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          const once = normalizeBirthDate(d.toISOString().slice(0, 10).replaceAll('-', ''), TODAY);
          if (once.ok && once.value !== null)
            assert.deepEqual(normalizeBirthDate(once.value, TODAY), once);
        },
      ),
    );
  });

  it('errors never carry the date', () => {
    for (const raw of ['2023-02-30', '31/12/1999']) {
      const result = normalizeBirthDate(raw, TODAY);
      assert.ok(!result.ok && !result.error.includes(raw));
    }
  });

  it('utcToday without a date follows the clock across midnight, either way', () => {
    mock.timers.enable({ apis: ['Date'], now: Date.parse('2024-03-01T23:59:59.999Z') });
    try {
      assert.equal(utcToday(), '2024-03-01');
      mock.timers.tick(1);
      assert.equal(utcToday(), '2024-03-02');
      mock.timers.setTime(Date.parse('2024-02-29T12:00:00Z'));
      assert.equal(utcToday(), '2024-02-29');
    } finally {
      mock.timers.reset();
    }
    assert.equal(utcToday(), new Date().toISOString().slice(0, 10));
  });

  it('utcToday gives the UTC calendar date', () => {
    assert.equal(utcToday(new Date('2024-03-01T23:30:00-05:00')), '2024-03-02');
  });
});
