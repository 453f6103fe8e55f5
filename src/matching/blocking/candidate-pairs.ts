import { MatchModel } from '../model/match-model';
import { MatchFeatures } from '../record-types';
import { resolveBlockingRules } from './blocking-keys';

/**
 * Candidate pairs of an in-memory record list, as the store would find them: records sharing
 * a blocking key under the same rule. For training and evaluation (the live path asks the
 * database). The store caps candidates per key, so this does too: records arrive in list
 * order and each meets at most `capPerKey` earlier records of a key's block.
 */
export interface IndexPairs {
  /** Earlier record of each pair (index into the record list). */
  readonly left: Uint32Array;
  /** Later record of each pair. */
  readonly right: Uint32Array;
}

export interface BlockingRun {
  /** Every distinct pair some rule found. */
  readonly pairs: IndexPairs;
  /** The pairs each rule found, by rule id (a pair may appear under several rules). */
  readonly byRule: ReadonlyMap<string, IndexPairs>;
  /** Keys whose block was larger than the cap. */
  readonly truncatedKeys: number;
}

export interface CandidatePairOptions {
  readonly capPerKey?: number;
}

export const DEFAULT_CAP_PER_KEY = 100;

export function candidatePairs(
  source: MatchModel | readonly string[],
  records: readonly MatchFeatures[],
  options: CandidatePairOptions = {},
): BlockingRun {
  const cap = options.capPerKey ?? DEFAULT_CAP_PER_KEY;
  const n = records.length;
  const union = new Set<number>();
  const byRule = new Map<string, IndexPairs>();
  let truncatedKeys = 0;
  for (const rule of resolveBlockingRules(source)) {
    const blocks = new Map<string, number[]>();
    records.forEach((record, index) => {
      for (const key of rule.keys(record)) {
        const block = blocks.get(key);
        if (block === undefined) blocks.set(key, [index]);
        else if (block[block.length - 1] !== index) block.push(index);
      }
    });
    const found = new Set<number>();
    for (const block of blocks.values()) {
      if (block.length > cap + 1) truncatedKeys++;
      for (let k = 1; k < block.length; k++) {
        const later = block[k] as number;
        for (let e = 0; e < Math.min(k, cap); e++) found.add((block[e] as number) * n + later);
      }
    }
    for (const code of found) union.add(code);
    byRule.set(rule.id, decode(found, n));
  }
  return { pairs: decode(union, n), byRule, truncatedKeys };
}

function decode(codes: ReadonlySet<number>, n: number): IndexPairs {
  const left = new Uint32Array(codes.size);
  const right = new Uint32Array(codes.size);
  let i = 0;
  for (const code of [...codes].sort((x, y) => x - y)) {
    left[i] = Math.floor(code / n);
    right[i] = code % n;
    i++;
  }
  return { left, right };
}
