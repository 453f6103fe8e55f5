import { IndexPairs } from '../blocking/candidate-pairs';

/**
 * Linkage quality against labelled truth. Pairs are counted through cluster sizes (a cluster
 * of n records holds n(n-1)/2 pairs), never by listing them, so a million records cost a
 * million map updates.
 */

/** Record id -> cluster id (predicted person, or true entity). */
export type Clustering = ReadonlyMap<string, string>;

export interface PairwiseMetrics {
  readonly truePositives: number;
  readonly predictedPairs: number;
  readonly truePairs: number;
  /** 1 when nothing was predicted (no claim, no error). */
  readonly precision: number;
  /** 1 when there is nothing to find. */
  readonly recall: number;
  readonly f1: number;
}

export interface ClusterMetrics {
  readonly predictedClusters: number;
  readonly trueEntities: number;
  /** Predicted clusters holding records of more than one true entity (two people in one golden record). */
  readonly overlays: number;
  /** True entities whose records are spread over more than one predicted cluster. */
  readonly splitEntities: number;
}

export interface LinkageMetrics {
  readonly records: number;
  readonly pairwise: PairwiseMetrics;
  readonly clusters: ClusterMetrics;
}

export function pairsIn(size: number): number {
  return (size * (size - 1)) / 2;
}

export function precisionRecall(
  truePositives: number,
  predictedPairs: number,
  truePairs: number,
): PairwiseMetrics {
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, predictedPairs, truePairs, precision, recall, f1 };
}

/**
 * Compares predicted clusters with the truth over the records the truth labels; a labelled
 * record the prediction does not mention counts as a cluster of its own.
 */
export function linkageMetrics(predicted: Clustering, truth: Clustering): LinkageMetrics {
  const cells = new Map<string, Map<string, number>>();
  const predictedSizes = new Map<string, number>();
  const trueSizes = new Map<string, number>();
  const entityClusters = new Map<string, Set<string>>();
  for (const [record, entity] of truth) {
    const cluster = predicted.get(record) ?? `\u0000unlinked:${record}`;
    const row = cells.get(cluster) ?? new Map<string, number>();
    row.set(entity, (row.get(entity) ?? 0) + 1);
    cells.set(cluster, row);
    predictedSizes.set(cluster, (predictedSizes.get(cluster) ?? 0) + 1);
    trueSizes.set(entity, (trueSizes.get(entity) ?? 0) + 1);
    const clusters = entityClusters.get(entity) ?? new Set<string>();
    clusters.add(cluster);
    entityClusters.set(entity, clusters);
  }
  let truePositives = 0;
  let overlays = 0;
  for (const row of cells.values()) {
    if (row.size > 1) overlays++;
    for (const count of row.values()) truePositives += pairsIn(count);
  }
  let splitEntities = 0;
  for (const clusters of entityClusters.values()) if (clusters.size > 1) splitEntities++;
  return {
    records: truth.size,
    pairwise: precisionRecall(truePositives, sumPairs(predictedSizes), sumPairs(trueSizes)),
    clusters: {
      predictedClusters: predictedSizes.size,
      trueEntities: trueSizes.size,
      overlays,
      splitEntities,
    },
  };
}

function sumPairs(sizes: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const size of sizes.values()) total += pairsIn(size);
  return total;
}

export interface BlockingMetrics {
  readonly records: number;
  /** Distinct candidate pairs. */
  readonly candidatePairs: number;
  readonly truePairs: number;
  readonly truePairsFound: number;
  /** Share of true pairs among the candidates. */
  readonly pairCompleteness: number;
  /** 1 - candidates / all pairs. */
  readonly reductionRatio: number;
}

/** Pair completeness and reduction ratio of candidate pairs given by record ids. */
export function blockingMetrics(
  candidates: Iterable<readonly [string, string]>,
  truth: Clustering,
): BlockingMetrics {
  const seen = new Set<string>();
  let found = 0;
  for (const [a, b] of candidates) {
    if (a === b) continue;
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const entity = truth.get(a);
    if (entity !== undefined && entity === truth.get(b)) found++;
  }
  return blockingFigures(truth.size, seen.size, found, truePairsOf(truth.values()));
}

/** The same for in-memory candidate pairs (distinct, as candidatePairs returns them). */
export function blockingMetricsOfIndexPairs(
  pairs: IndexPairs,
  entities: readonly string[],
): BlockingMetrics {
  let found = 0;
  for (let p = 0; p < pairs.left.length; p++) {
    if (entities[pairs.left[p] as number] === entities[pairs.right[p] as number]) found++;
  }
  return blockingFigures(entities.length, pairs.left.length, found, truePairsOf(entities));
}

function truePairsOf(entities: Iterable<string>): number {
  const sizes = new Map<string, number>();
  for (const entity of entities) sizes.set(entity, (sizes.get(entity) ?? 0) + 1);
  return sumPairs(sizes);
}

function blockingFigures(
  records: number,
  candidatePairs: number,
  truePairsFound: number,
  truePairs: number,
): BlockingMetrics {
  const allPairs = pairsIn(records);
  return {
    records,
    candidatePairs,
    truePairs,
    truePairsFound,
    pairCompleteness: truePairs === 0 ? 1 : truePairsFound / truePairs,
    reductionRatio: allPairs === 0 ? 1 : 1 - candidatePairs / allPairs,
  };
}

export interface LabelledScore {
  readonly probability: number;
  readonly isMatch: boolean;
}

export interface ThresholdRow extends PairwiseMetrics {
  readonly threshold: number;
}

/**
 * Precision and recall of "link when probability >= threshold", per threshold. Recall is
 * against `truePairs` when given (every true pair, including those blocking never offered),
 * else against the true pairs among the scored ones.
 */
export function thresholdTable(
  scored: readonly LabelledScore[],
  thresholds: readonly number[],
  truePairs?: number,
): ThresholdRow[] {
  const sorted = [...scored].sort((x, y) => y.probability - x.probability);
  const totalTrue = truePairs ?? sorted.filter((s) => s.isMatch).length;
  const descending = [...thresholds].sort((x, y) => y - x);
  const rows = new Map<number, ThresholdRow>();
  let index = 0;
  let truePositives = 0;
  for (const threshold of descending) {
    while (index < sorted.length && (sorted[index] as LabelledScore).probability >= threshold) {
      if ((sorted[index] as LabelledScore).isMatch) truePositives++;
      index++;
    }
    rows.set(threshold, { threshold, ...precisionRecall(truePositives, index, totalTrue) });
  }
  return thresholds.map((threshold) => rows.get(threshold) as ThresholdRow);
}
