import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readExplanation } from '../../web/steward/explanation-model';
import {
  barClass,
  scaleOf,
  waterfallDomain,
  waterfallSteps,
  waterfallSummary,
} from '../../web/steward/waterfall-geometry';

/** An explanation as src/matching/score/explanation.ts writes it. */
const raw = {
  modelVersion: 3,
  prior: { probability: 0.0001, weight: -13.29 },
  rule: null,
  comparisons: [
    {
      comparisonId: 'given_name',
      label: 'Given name',
      levelId: 'exact',
      levelLabel: 'exact',
      values: ['(hidden)', '(hidden)'],
      m: 0.9,
      u: 0.01,
      termFrequency: { frequency: 0.002, uUsed: 0.002, weight: 2.3 },
      weight: 8.8,
    },
    {
      comparisonId: 'birth_date',
      label: 'Birth date',
      levelId: 'exact',
      levelLabel: 'exact',
      values: [null, null],
      m: 0.95,
      u: 0.001,
      termFrequency: null,
      weight: 9.89,
    },
    {
      comparisonId: 'phone',
      label: 'Phone',
      levelId: 'differs',
      levelLabel: 'differs',
      values: ['differs', 'differs'],
      m: 0.2,
      u: 0.9,
      termFrequency: null,
      weight: -2.17,
    },
    {
      comparisonId: 'ssn',
      label: 'SSN',
      levelId: 'missing',
      levelLabel: 'missing on one or both sides',
      values: [null, null],
      m: null,
      u: null,
      termFrequency: null,
      weight: 0,
    },
  ],
  totalWeight: 3.23,
  probability: 0.904,
  modelClass: 'probable',
  matchClass: 'probable',
  thresholds: {
    certain: { probability: 0.99, weight: 6.63, margin: -3.4 },
    probable: { probability: 0.8, weight: 2, margin: 1.23 },
    possible: { probability: 0.5, weight: 0, margin: 3.23 },
  },
  valuesRevealed: false,
};

describe('readExplanation', () => {
  it('reads the engine explanation with its comparisons, tf adjustment and thresholds', () => {
    const e = readExplanation(raw);
    assert.ok(e);
    assert.equal(e.comparisons.length, 4);
    assert.equal(e.comparisons[0]?.id, 'given_name');
    assert.equal(e.comparisons[0]?.tfWeight, 2.3);
    assert.deepEqual(
      e.thresholds.map((t) => t.name),
      ['possible', 'probable', 'certain'],
    );
    assert.equal(e.matchClass, 'probable');
  });

  it('answers null for what is not an explanation rather than throwing', () => {
    for (const value of [
      null,
      undefined,
      42,
      'x',
      [],
      { otherRecordId: 'abc' },
      { prior: {}, comparisons: [] },
      { ...raw, comparisons: [{ label: 'no weight' }] },
    ]) {
      assert.equal(readExplanation(value), null);
    }
  });

  it('derives the probability and margins when an older shape leaves them out', () => {
    const e = readExplanation({
      prior: { weight: -1 },
      comparisons: [],
      totalWeight: 1,
      thresholds: { probable: { weight: 3 } },
    });
    assert.ok(e);
    assert.ok(Math.abs(e.probability - 2 / 3) < 1e-12);
    assert.equal(e.thresholds[0]?.margin, -2);
  });
});

describe('waterfall geometry', () => {
  const e = readExplanation(raw);
  assert.ok(e);
  const steps = waterfallSteps(e);

  it('stacks each comparison on the running total, prior first and total last', () => {
    assert.deepEqual(
      steps.map((s) => s.key),
      ['prior', 'c-given_name', 'c-birth_date', 'c-phone', 'c-ssn', 'total'],
    );
    for (let i = 2; i < steps.length - 1; i++) assert.equal(steps[i]?.start, steps[i - 1]?.end);
    assert.ok(Math.abs((steps.at(-2)?.end ?? 0) - e.totalWeight) < 1e-9);
    assert.equal(steps.at(-1)?.start, 0);
  });

  it('colours evidence for, against, neutral, prior and total differently', () => {
    assert.deepEqual(steps.map(barClass), [
      'bar-prior',
      'bar-for',
      'bar-for',
      'bar-against',
      'bar-neutral',
      'bar-total',
    ]);
  });

  it('covers every bar end, zero and the thresholds with whole bits and round ticks', () => {
    const d = waterfallDomain(steps, e.thresholds);
    assert.equal(d.min, -14);
    assert.equal(d.max, 7);
    assert.ok(d.ticks.includes(0));
    assert.ok(d.ticks.length <= 11);
    assert.ok(d.ticks.every((t) => t >= d.min && t <= d.max));
    const x = scaleOf(d, 100, 400);
    assert.equal(x(d.min), 100);
    assert.equal(x(d.max), 500);
  });

  it('widens a flat domain so a zero-weight pair still draws', () => {
    const d = waterfallDomain(
      [{ key: 't', label: 'T', detail: '', kind: 'total', weight: 0, start: 0, end: 0 }],
      [],
    );
    assert.ok(d.max - d.min >= 2);
  });

  it('summarises the strongest evidence and the band reached in one sentence', () => {
    const text = waterfallSummary(e);
    assert.match(text, /Birth date exact \(\+9\.9\)/);
    assert.match(text, /reaches probable/);
  });
});
