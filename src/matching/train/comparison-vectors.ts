import { IndexPairs } from '../blocking/candidate-pairs';
import { CompiledModel } from '../score/compile-model';
import { MatchFeatures } from '../record-types';

/**
 * Comparison vectors: for each pair, the level index each comparison takes (-1 = missing),
 * row-major. Training works on these, never on the records.
 */
export interface ComparisonVectors {
  readonly count: number;
  readonly width: number;
  readonly levels: Int8Array;
}

export function comparisonVectors(
  compiled: CompiledModel,
  records: readonly MatchFeatures[],
  pairs: IndexPairs,
): ComparisonVectors {
  const width = compiled.comparisons.length;
  const count = pairs.left.length;
  const levels = new Int8Array(count * width);
  for (let p = 0; p < count; p++) {
    const a = records[pairs.left[p] as number] as MatchFeatures;
    const b = records[pairs.right[p] as number] as MatchFeatures;
    for (let c = 0; c < width; c++) {
      levels[p * width + c] = compiled.comparisons[c]?.comparator.level(a, b) ?? -1;
    }
  }
  return { count, width, levels };
}

/** Distinct vectors with their multiplicities: EM then iterates over a few thousand rows. */
export interface VectorPatterns {
  readonly width: number;
  readonly levels: Int8Array;
  readonly counts: Float64Array;
}

export function aggregatePatterns(vectors: ComparisonVectors): VectorPatterns {
  const { width, count, levels } = vectors;
  const index = new Map<string, number>();
  const rows: number[] = [];
  const counts: number[] = [];
  for (let p = 0; p < count; p++) {
    let key = '';
    for (let c = 0; c < width; c++)
      key += String.fromCharCode(66 + (levels[p * width + c] as number));
    const seen = index.get(key);
    if (seen !== undefined) {
      counts[seen] = (counts[seen] as number) + 1;
    } else {
      index.set(key, counts.length);
      rows.push(p);
      counts.push(1);
    }
  }
  const patterns = new Int8Array(rows.length * width);
  rows.forEach((p, r) => patterns.set(levels.subarray(p * width, (p + 1) * width), r * width));
  return { width, levels: patterns, counts: Float64Array.from(counts) };
}
