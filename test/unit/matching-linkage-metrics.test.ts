import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  blockingMetrics,
  blockingMetricsOfIndexPairs,
  linkageMetrics,
  thresholdTable,
} from '../../src/matching/evaluate/linkage-metrics';

const clusters = (entries: Record<string, string>): Map<string, string> =>
  new Map(Object.entries(entries));

describe('linkageMetrics', () => {
  it('counts pairs, overlays and split people from cluster sizes', () => {
    // Truth: A = {1,2,3}, B = {4,5}, C = {6}. Prediction: {1,2}, {3,4,5}, {6}.
    const truth = clusters({ r1: 'A', r2: 'A', r3: 'A', r4: 'B', r5: 'B', r6: 'C' });
    const predicted = clusters({ r1: 'p', r2: 'p', r3: 'q', r4: 'q', r5: 'q', r6: 's' });
    const m = linkageMetrics(predicted, truth);
    assert.equal(m.pairwise.truePairs, 4);
    assert.equal(m.pairwise.predictedPairs, 4);
    assert.equal(m.pairwise.truePositives, 2);
    assert.equal(m.pairwise.precision, 0.5);
    assert.equal(m.pairwise.recall, 0.5);
    assert.equal(m.pairwise.f1, 0.5);
    assert.deepEqual(m.clusters, {
      predictedClusters: 3,
      trueEntities: 3,
      overlays: 1,
      splitEntities: 1,
    });
  });

  it('treats records the prediction misses as singletons, and nothing predicted as precise', () => {
    const m = linkageMetrics(new Map(), clusters({ a: 'X', b: 'X' }));
    assert.deepEqual(
      [m.pairwise.precision, m.pairwise.recall, m.clusters.splitEntities],
      [1, 0, 1],
    );
  });

  it('agrees with counting every pair', () => {
    const labels = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })),
      {
        maxLength: 40,
      },
    );
    fc.assert(
      fc.property(labels, (rows) => {
        const truth = new Map(rows.map(([t], i) => [`r${i}`, `t${t}`]));
        const predicted = new Map(rows.map(([, p], i) => [`r${i}`, `p${p}`]));
        let tp = 0;
        let predictedPairs = 0;
        let truePairs = 0;
        for (let i = 0; i < rows.length; i++) {
          for (let j = i + 1; j < rows.length; j++) {
            const sameTruth = rows[i]?.[0] === rows[j]?.[0];
            const samePrediction = rows[i]?.[1] === rows[j]?.[1];
            if (sameTruth) truePairs++;
            if (samePrediction) predictedPairs++;
            if (sameTruth && samePrediction) tp++;
          }
        }
        const m = linkageMetrics(predicted, truth).pairwise;
        assert.deepEqual(
          [m.truePositives, m.predictedPairs, m.truePairs],
          [tp, predictedPairs, truePairs],
        );
      }),
    );
  });
});

describe('blockingMetrics', () => {
  const truth = clusters({ a: 'X', b: 'X', c: 'X', d: 'Y', e: 'Z' });

  it('measures pair completeness and reduction ratio, counting each pair once', () => {
    const m = blockingMetrics(
      [
        ['a', 'b'],
        ['b', 'a'],
        ['a', 'd'],
        ['c', 'c'],
      ],
      truth,
    );
    assert.deepEqual([m.candidatePairs, m.truePairs, m.truePairsFound], [2, 3, 1]);
    assert.equal(m.pairCompleteness, 1 / 3);
    assert.equal(m.reductionRatio, 1 - 2 / 10);
  });

  it('reads in-memory candidate pairs by index', () => {
    const pairs = { left: Uint32Array.from([0, 0]), right: Uint32Array.from([1, 3]) };
    const m = blockingMetricsOfIndexPairs(pairs, ['X', 'X', 'X', 'Y', 'Z']);
    assert.deepEqual([m.candidatePairs, m.truePairsFound, m.truePairs], [2, 1, 3]);
  });
});

describe('thresholdTable', () => {
  it('gives precision and recall of linking at or above each threshold', () => {
    const scored = [
      { probability: 0.99, isMatch: true },
      { probability: 0.95, isMatch: true },
      { probability: 0.9, isMatch: false },
      { probability: 0.6, isMatch: true },
      { probability: 0.1, isMatch: false },
    ];
    const rows = thresholdTable(scored, [0.5, 0.95, 0.999], 4);
    assert.deepEqual(
      rows.map((r) => [r.threshold, r.predictedPairs, r.truePositives, r.precision, r.recall]),
      [
        [0.5, 4, 3, 0.75, 0.75],
        [0.95, 2, 2, 1, 0.5],
        [0.999, 0, 0, 1, 0],
      ],
    );
    assert.equal(
      thresholdTable(scored, [0.5])[0]?.recall,
      1,
      'recall against scored true pairs by default',
    );
  });
});
