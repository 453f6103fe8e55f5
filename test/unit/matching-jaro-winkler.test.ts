import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jaro, jaroWinkler } from '../../src/matching/compare/jaro-winkler';

describe('jaroWinkler', () => {
  // Reference values from Winkler (1990) and the usual textbook pairs.
  const cases: [string, string, number, number][] = [
    ['martha', 'marhta', 0.944, 0.961],
    ['dwayne', 'duane', 0.822, 0.84],
    ['dixon', 'dicksonx', 0.767, 0.813],
    ['jones', 'johnson', 0.79, 0.832],
    ['abc', 'abc', 1, 1],
    ['abc', 'xyz', 0, 0],
    ['', '', 1, 1],
    ['', 'abc', 0, 0],
    ['a', 'a', 1, 1],
    ['josé', 'jose', 0.833, 0.883],
    ['müller', 'muller', 0.889, 0.9],
    ['иван', 'иванов', 0.889, 0.933],
  ];
  for (const [a, b, expectedJaro, expectedWinkler] of cases) {
    it(`${JSON.stringify(a)} / ${JSON.stringify(b)}`, () => {
      assert.ok(Math.abs(jaro(a, b) - expectedJaro) < 0.001, `jaro ${jaro(a, b)}`);
      assert.ok(Math.abs(jaroWinkler(a, b) - expectedWinkler) < 0.001, `jw ${jaroWinkler(a, b)}`);
    });
  }

  it('is symmetric, bounded, 1 exactly on equal strings and never below Jaro', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
        const score = jaroWinkler(a, b);
        assert.ok(Math.abs(score - jaroWinkler(b, a)) < 1e-12);
        assert.ok(score >= 0 && score <= 1);
        assert.ok(score >= jaro(a, b) - 1e-12);
        assert.equal(score === 1, a === b);
      }),
    );
  });

  it('handles strings longer than its reused buffers', () => {
    const long = 'abcdefghij'.repeat(20);
    assert.equal(jaroWinkler(long, long), 1);
    assert.ok(jaroWinkler(long, `${long}x`) > 0.99);
  });
});
