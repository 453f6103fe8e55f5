/**
 * Term-frequency adjustment (as Splink does it): agreeing on a rare value is stronger evidence
 * than agreeing on a common one. On a configured level (an exact name match) the level's
 * average u is replaced by the value's own frequency among stored records -- the chance that
 * two different people share it -- bounded below by `minimumU` so a value seen once cannot
 * outweigh everything else. The adjustment, log2(u / frequency), is added to the level weight,
 * so the level's weight becomes log2(m / frequency): negative adjustments for common names.
 */

/** Relative frequency (0..1] of a comparison's value in the store, or undefined when unknown. */
export type TermFrequencyLookup = (comparisonId: string, value: string) => number | undefined;

export interface TermFrequencyAdjustment {
  /** The value's relative frequency as the store reported it. */
  readonly frequency: number;
  /** The u used instead of the level's average u: max(frequency, minimumU), at most 1. */
  readonly uUsed: number;
  /** log2(level u / uUsed), added to the level weight. */
  readonly weight: number;
}

export function termFrequencyAdjustment(
  levelU: number,
  frequency: number | undefined,
  minimumU: number,
): TermFrequencyAdjustment | null {
  if (frequency === undefined || !(frequency > 0)) return null;
  const uUsed = Math.min(1, Math.max(frequency, minimumU));
  return { frequency, uUsed, weight: Math.log2(levelU / uUsed) };
}
