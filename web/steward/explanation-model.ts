/**
 * Reads the matching engine's PairExplanation (src/matching/score/explanation.ts) out of the
 * untyped JSON a review task carries. The task may hold something else (a same-source
 * duplicate keeps only the twin's id) or an older shape, so every field is checked and a
 * value that is not an explanation reads as null rather than breaking the page.
 */
export interface ExplainedComparison {
  readonly id: string;
  readonly label: string;
  readonly levelId: string;
  readonly levelLabel: string;
  readonly values: readonly [string | null, string | null];
  readonly m: number | null;
  readonly u: number | null;
  /** Term-frequency adjustment in bits, already included in `weight`. */
  readonly tfWeight: number | null;
  readonly weight: number;
}

export type ThresholdName = 'possible' | 'probable' | 'certain';

export interface Threshold {
  readonly name: ThresholdName;
  readonly probability: number;
  readonly weight: number;
  /** Total minus the threshold, in bits: >= 0 means reached. */
  readonly margin: number;
}

export interface RuleNote {
  readonly rule: string;
  readonly outcome: string;
  readonly reason: string;
}

export interface Explanation {
  readonly prior: { readonly probability: number; readonly weight: number };
  readonly comparisons: readonly ExplainedComparison[];
  readonly totalWeight: number;
  readonly probability: number;
  readonly matchClass: string;
  readonly modelClass: string;
  readonly rule: RuleNote | null;
  readonly thresholds: readonly Threshold[];
  readonly valuesRevealed: boolean;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const THRESHOLD_NAMES: readonly ThresholdName[] = ['possible', 'probable', 'certain'];

export function readExplanation(raw: unknown): Explanation | null {
  if (!isObject(raw) || !isObject(raw.prior) || !Array.isArray(raw.comparisons)) return null;
  const priorWeight = num(raw.prior.weight);
  const totalWeight = num(raw.totalWeight);
  if (priorWeight === null || totalWeight === null) return null;
  const comparisons = raw.comparisons.map(readComparison);
  if (comparisons.some((c) => c === null)) return null;
  return {
    prior: { probability: num(raw.prior.probability) ?? 0, weight: priorWeight },
    comparisons: comparisons as ExplainedComparison[],
    totalWeight,
    probability: num(raw.probability) ?? probabilityOfWeight(totalWeight),
    matchClass: str(raw.matchClass, 'unknown'),
    modelClass: str(raw.modelClass, str(raw.matchClass, 'unknown')),
    rule: readRule(raw.rule),
    thresholds: readThresholds(raw.thresholds, totalWeight),
    valuesRevealed: raw.valuesRevealed === true,
  };
}

function readComparison(raw: unknown): ExplainedComparison | null {
  if (!isObject(raw)) return null;
  const weight = num(raw.weight);
  if (weight === null) return null;
  const values = Array.isArray(raw.values) ? raw.values : [];
  const tf = isObject(raw.termFrequency) ? num(raw.termFrequency.weight) : null;
  const id = str(raw.comparisonId, str(raw.id));
  return {
    id,
    label: str(raw.label, id),
    levelId: str(raw.levelId),
    levelLabel: str(raw.levelLabel, str(raw.levelId)),
    values: [strOrNull(values[0]), strOrNull(values[1])],
    m: num(raw.m),
    u: num(raw.u),
    tfWeight: tf,
    weight,
  };
}

function readRule(raw: unknown): RuleNote | null {
  if (!isObject(raw)) return null;
  return { rule: str(raw.rule), outcome: str(raw.outcome), reason: str(raw.reason) };
}

function readThresholds(raw: unknown, total: number): Threshold[] {
  if (!isObject(raw)) return [];
  return THRESHOLD_NAMES.flatMap((name) => {
    const t = raw[name];
    if (!isObject(t)) return [];
    const weight = num(t.weight);
    if (weight === null) return [];
    return [
      {
        name,
        probability: num(t.probability) ?? 0,
        weight,
        margin: num(t.margin) ?? total - weight,
      },
    ];
  });
}

export function probabilityOfWeight(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}
