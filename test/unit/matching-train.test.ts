import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMatchModel } from '../../src/matching/model/parse-match-model';
import { MatchFeatures } from '../../src/matching/record-types';
import { compileModel } from '../../src/matching/score/compile-model';
import { VectorPatterns, aggregatePatterns } from '../../src/matching/train/comparison-vectors';
import { estimateHousehold } from '../../src/matching/train/estimate-household';
import { estimateU } from '../../src/matching/train/estimate-u';
import { expectationMaximisation } from '../../src/matching/train/expectation-maximisation';
import { mulberry32, randomIndex } from '../../src/matching/train/seeded-prng';
import { trainModel } from '../../src/matching/train/train-model';
import { formatTrainingSummary } from '../../src/matching/train/training-summary';
import { features, token } from './matching-fixtures';

const MODEL = parseMatchModel(
  JSON.parse(
    fs.readFileSync(
      path.resolve(__dirname, '..', '..', '..', 'data', 'models', 'default.json'),
      'utf8',
    ),
  ),
);

const TRUE_M = [
  [0.9, 0.07, 0.03],
  [0.8, 0.15, 0.05],
  [0.85, 0.1, 0.05],
  [0.7, 0.2, 0.1],
];
const TRUE_U = [
  [0.05, 0.15, 0.8],
  [0.1, 0.2, 0.7],
  [0.02, 0.08, 0.9],
  [0.2, 0.3, 0.5],
];
const TRUE_LAMBDA = 0.2;

function draw(next: () => number, probabilities: readonly number[]): number {
  let target = next();
  for (let i = 0; i < probabilities.length; i++) {
    target -= probabilities[i] ?? 0;
    if (target < 0) return i;
  }
  return probabilities.length - 1;
}

/** Comparison vectors drawn from the mixture with known parameters, 10% missing values. */
function syntheticPatterns(count: number, seed: number): VectorPatterns {
  const next = mulberry32(seed);
  const width = TRUE_M.length;
  const levels = new Int8Array(count * width);
  for (let p = 0; p < count; p++) {
    const table = next() < TRUE_LAMBDA ? TRUE_M : TRUE_U;
    for (let c = 0; c < width; c++) {
      levels[p * width + c] = next() < 0.1 ? -1 : draw(next, table[c] ?? []);
    }
  }
  return aggregatePatterns({ count, width, levels });
}

const START = {
  lambda: 0.5,
  m: TRUE_M.map(() => [0.6, 0.3, 0.1]),
  u: TRUE_U.map(() => [0.2, 0.3, 0.5]),
};

function assertClose(
  actual: readonly (readonly number[])[],
  expected: number[][],
  tolerance: number,
): void {
  expected.forEach((row, c) =>
    row.forEach((value, l) => {
      const got = actual[c]?.[l] ?? NaN;
      assert.ok(Math.abs(got - value) < tolerance, `[${c}][${l}] ${got} vs ${value}`);
    }),
  );
}

describe('expectationMaximisation', () => {
  const patterns = syntheticPatterns(40_000, 7);

  it('recovers m, u and lambda from unlabelled vectors', () => {
    const result = expectationMaximisation(patterns, START, {
      fixU: false,
      maxIterations: 500,
      tolerance: 1e-7,
    });
    assert.ok(result.converged);
    assertClose(result.m, TRUE_M, 0.03);
    assertClose(result.u, TRUE_U, 0.03);
    assert.ok(Math.abs(result.lambda - TRUE_LAMBDA) < 0.02, `lambda ${result.lambda}`);
    assert.ok(Math.abs(result.expectedMatches - 40_000 * TRUE_LAMBDA) < 800);
  });

  it('recovers m with u held fixed, and leaves inactive comparisons alone', () => {
    const active = [true, true, true, false];
    const start = { ...START, u: TRUE_U };
    const result = expectationMaximisation(patterns, start, {
      active,
      maxIterations: 500,
      tolerance: 1e-7,
    });
    assertClose(result.m.slice(0, 3), TRUE_M.slice(0, 3), 0.03);
    assert.deepEqual(result.u, TRUE_U);
    assert.deepEqual(result.m[3], START.m[3]);
  });

  it('is reproducible: same vectors and start, same result', () => {
    const a = expectationMaximisation(syntheticPatterns(5000, 3), START, { fixU: false });
    const b = expectationMaximisation(syntheticPatterns(5000, 3), START, { fixU: false });
    assert.deepEqual(a, b);
  });

  it('aggregates identical vectors with their counts', () => {
    const agg = aggregatePatterns({
      count: 3,
      width: 2,
      levels: Int8Array.from([0, -1, 0, -1, 1, 2]),
    });
    assert.deepEqual([...agg.counts], [2, 1]);
    assert.deepEqual([...agg.levels], [0, -1, 1, 2]);
  });
});

describe('mulberry32', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      assert.equal(x, b());
      assert.ok(x >= 0 && x < 1);
    }
    assert.notEqual(mulberry32(1)(), mulberry32(2)());
    assert.ok(randomIndex(mulberry32(5), 10) < 10);
  });
});

/** People with two registrations each; the second has a typo, a nickname or no SSN. */
function population(people: number, seed: number): MatchFeatures[] {
  const next = mulberry32(seed);
  const givens = [
    'james',
    'mary',
    'john',
    'patricia',
    'robert',
    'jennifer',
    'michael',
    'linda',
    'david',
    'susan',
  ];
  const families = [
    'smith',
    'johnson',
    'williams',
    'brown',
    'jones',
    'garcia',
    'miller',
    'davis',
    'lopez',
    'wilson',
  ];
  const records: MatchFeatures[] = [];
  for (let p = 0; p < people; p++) {
    const given = `${givens[randomIndex(next, givens.length)]}${randomIndex(next, 30)}`;
    const family = `${families[randomIndex(next, families.length)]}${randomIndex(next, 40)}`;
    const birthDate = `19${10 + randomIndex(next, 89)}-0${1 + randomIndex(next, 9)}-1${randomIndex(next, 10)}`;
    const ssn = String(100_000_000 + randomIndex(next, 800_000_000));
    const person = features({
      given,
      givenCanonical: given,
      givenMetaphone: given.slice(0, 3).toUpperCase(),
      family,
      familyParts: [family],
      familyMetaphone: family.slice(0, 3).toUpperCase(),
      birthDate,
      sex: next() < 0.5 ? 'male' : 'female',
      ssn: token('ssn', ssn),
      postalCode: String(10_000 + randomIndex(next, 500)),
    });
    records.push(person);
    const roll = next();
    const typo = `${given.slice(0, -1)}x`;
    records.push({
      ...person,
      given: roll < 0.3 ? typo : given,
      givenCanonical: roll < 0.3 ? typo : given,
      ssn: roll > 0.8 ? null : person.ssn,
      postalCode:
        roll > 0.5 && roll < 0.7 ? String(10_000 + randomIndex(next, 500)) : person.postalCode,
    });
  }
  return records;
}

describe('trainModel', () => {
  const records = population(1500, 11);
  const before = JSON.stringify(MODEL);
  const options = { trainedAt: '2025-06-01T00:00:00.000Z', seed: 9, randomPairs: 50_000 };
  const result = trainModel(MODEL, records, options);

  it('returns a new, valid model version and leaves the input alone', () => {
    assert.equal(result.model.version, MODEL.version + 1);
    assert.equal(result.model.trainedAt, options.trainedAt);
    assert.equal(JSON.stringify(MODEL), before);
    assert.deepEqual(parseMatchModel(JSON.parse(JSON.stringify(result.model))), result.model);
  });

  it('learns sensible parameters: exact agreement is likely for matches, rare for others', () => {
    const given = result.model.comparisons.find((c) => c.id === 'given_name');
    const exact = given?.levels.find((l) => l.id === 'exact');
    assert.ok(exact !== undefined && exact.m > 0.5 && exact.u < 0.05, JSON.stringify(exact));
    // 1500 people with 2 records each: 1500 true pairs among 3000 * 2999 / 2.
    const truth = 1500 / ((3000 * 2999) / 2);
    assert.ok(
      result.model.prior.probability > truth / 3 && result.model.prior.probability < truth * 3,
    );
  });

  it('carries the household evidence over: trained m inside a household, its own u kept', () => {
    const household = result.model.household;
    assert.ok(household !== undefined && MODEL.household !== undefined);
    const trainedGiven = result.model.comparisons.find((c) => c.id === 'given_name');
    const conditional = household.conditional.find((c) => c.comparison === 'given_name');
    const before = MODEL.household.conditional.find((c) => c.comparison === 'given_name');
    assert.deepEqual(
      conditional?.levels.map((l) => l.m),
      trainedGiven?.levels.map((l) => l.m),
    );
    assert.deepEqual(
      conditional?.levels.map((l) => l.u),
      before?.levels.map((l) => l.u),
    );
  });

  it('is reproducible and reports how parameters moved', () => {
    assert.deepEqual(trainModel(MODEL, records, options), result);
    const levels = MODEL.comparisons.reduce((n, c) => n + c.levels.length, 0);
    assert.equal(result.summary.levels.length, levels);
    assert.equal(result.summary.records, records.length);
    assert.ok(result.summary.sessions.some((s) => s.skipped === undefined));
    assert.match(formatTrainingSummary(result.summary), /given_name\/exact: .* -> /);
  });

  it('estimates u from seeded random pairs', () => {
    const compiled = compileModel(MODEL);
    const a = estimateU(compiled, records, { seed: 1, pairs: 20_000 });
    assert.deepEqual(estimateU(compiled, records, { seed: 1, pairs: 20_000 }), a);
    assert.notDeepEqual(estimateU(compiled, records, { seed: 2, pairs: 20_000 }).u, a.u);
    a.u.forEach((row) => assert.ok(Math.abs(row.reduce((x, y) => x + y, 0) - 1) < 1e-9));
    assert.equal(a.pairsSampled, 20_000);
  });
});

/**
 * Homes of four: two parents and two children, the children twins in 40% of homes (one date),
 * everyone registered twice (the second time with a typo in the given name in a third of
 * cases). Among two people of one home a birth date agrees only for twins: 0.4 of 6 person
 * pairs, so about 0.067 of housemate pairs; between strangers almost never.
 */
function homes(count: number, seed: number): MatchFeatures[] {
  const next = mulberry32(seed);
  // Random letters: names and streets of different homes never look alike.
  const word = (): string =>
    Array.from({ length: 8 }, () => String.fromCharCode(97 + randomIndex(next, 26))).join('');
  const day = (century: string): string =>
    `${century}${10 + randomIndex(next, 80)}-${String(1 + randomIndex(next, 12)).padStart(2, '0')}-${10 + randomIndex(next, 18)}`;
  const records: MatchFeatures[] = [];
  for (let h = 0; h < count; h++) {
    const family = word();
    const home = {
      family,
      familyParts: [family],
      familyMetaphone: family.toUpperCase(),
      addressLine: `${1 + randomIndex(next, 999)} ${word()} st`,
      phone: token('phone', String(2_000_000_000 + randomIndex(next, 7_000_000_000))),
    };
    const childDate = day('20');
    const dates = [day('19'), day('19'), childDate, next() < 0.4 ? childDate : day('20')];
    for (const birthDate of dates) {
      const given = word();
      const person = features({
        ...home,
        given,
        givenCanonical: given,
        givenMetaphone: given.toUpperCase(),
        birthDate,
      });
      const typo = next() < 0.33 ? `${given.slice(0, -1)}q` : given;
      records.push(person, { ...person, given: typo, givenCanonical: typo });
    }
  }
  return records;
}

describe('estimateHousehold', () => {
  const records = homes(400, 3);
  const compiled = compileModel(MODEL);
  const household = compiled.household;
  const settings = MODEL.household;
  assert.ok(household !== null && settings !== undefined);
  // Every pair of registrations inside a home, as blocking on the phone finds them.
  const left: number[] = [];
  const right: number[] = [];
  for (let home = 0; home < records.length; home += 8)
    for (let i = home; i < home + 8; i++)
      for (let j = i + 1; j < home + 8; j++) {
        left.push(i);
        right.push(j);
      }
  const input = {
    compiled,
    household,
    settings,
    records,
    candidates: { left: Uint32Array.from(left), right: Uint32Array.from(right) },
    m: MODEL.comparisons.map((c) => c.levels.map((l) => l.m)),
    u: MODEL.comparisons.map((c) => c.levels.map((l) => l.u)),
    seed: 1,
    randomPairs: 200_000,
    minPairs: 100,
    maxIterations: 100,
    tolerance: 1e-6,
  };
  const estimate = estimateHousehold(input);
  const birthDate = estimate.settings.conditional.find((c) => c.comparison === 'birth_date');
  const uOf = (level: string): number => birthDate?.levels.find((l) => l.id === level)?.u ?? NaN;

  it('learns the birth-date u between housemates by EM: twins share a date, others do not', () => {
    assert.equal(estimate.householdPairs, left.length);
    // Twins in 0.4 of homes: 0.4 of 6 pairs of housemates share a date (the default says 0.03).
    assert.ok(Math.abs(uOf('exact') - 0.4 / 6) < 0.02, String(uOf('exact')));
    assert.ok(uOf('else') > 0.85, String(uOf('else')));
  });

  it('keeps m, and the levels of every conditional comparison in model order', () => {
    const before = settings.conditional.find((c) => c.comparison === 'birth_date');
    assert.deepEqual(
      birthDate?.levels.map((l) => [l.id, l.m]),
      before?.levels.map((l) => [l.id, l.m]),
    );
  });

  it('estimates P(one household | two people) from random pairs', () => {
    // 3,200 records in homes of 8 registrations: 7 of the other 3,199 share a home.
    const share = estimate.randomInHousehold / estimate.randomPairs;
    assert.ok(Math.abs(share - 7 / 3199) < 0.0005, String(share));
    assert.equal(
      estimate.settings.u,
      Number(((estimate.randomInHousehold + 0.5) / (estimate.randomPairs + 1)).toPrecision(6)),
    );
  });

  it('keeps the settings of a kinship with too few candidate pairs', () => {
    const few = estimateHousehold({
      ...input,
      candidates: { left: Uint32Array.of(0), right: Uint32Array.of(1) },
    });
    assert.equal(few.householdPairs, 0);
    assert.deepEqual(few.settings.conditional, settings.conditional);
  });

  it('runs as the last step of training and is reported', () => {
    const trained = trainModel(MODEL, records, {
      trainedAt: '2025-06-01T00:00:00.000Z',
      seed: 9,
      randomPairs: 50_000,
    });
    assert.ok(trained.summary.household !== undefined);
    assert.equal(trained.model.household?.u, trained.summary.household.u.after);
    assert.match(
      formatTrainingSummary(trained.summary),
      /household u .* random pairs in one household/,
    );
  });
});
