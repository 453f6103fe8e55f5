import { Comparator } from '../compare/comparator';
import { compileComparator } from '../compare/comparison-kinds';
import { ComparisonDefinition, MatchModel } from '../model/match-model';
import { DeterministicRules, compileDeterministicRules } from '../rules/deterministic-rules';
import { CompiledHousehold, compileHousehold } from './compile-household';
import { ThresholdWeights, levelWeight, weightOfProbability } from './match-weight';

/**
 * A model prepared for the hot path: comparators built, level weights as numbers, thresholds
 * as weights. Compiled once per model value (cached), so callers may pass the model itself.
 */
export interface CompiledComparison {
  readonly definition: ComparisonDefinition;
  readonly comparator: Comparator;
  /** log2(m / u) per level, in level order. */
  readonly weights: Float64Array;
  /** Index of the term-frequency adjusted level, -1 when none. */
  readonly tfLevel: number;
  readonly tfMinimumU: number;
}

export interface CompiledModel {
  readonly model: MatchModel;
  readonly priorWeight: number;
  readonly thresholdWeights: ThresholdWeights;
  readonly comparisons: readonly CompiledComparison[];
  readonly rules: DeterministicRules;
  /** Household evidence, or null when the model has none. */
  readonly household: CompiledHousehold | null;
  /**
   * Scratch space for weighPair: each comparison's weight of the pair being weighed, handed
   * to the rules (guard overrides read it) without allocating per pair. Scoring is
   * synchronous, so one buffer per compiled model is never shared by two pairs at once.
   */
  readonly scratchWeights: Float64Array;
  /** Scratch space for each comparison's level of the pair being weighed (MISSING_LEVEL: -1). */
  readonly scratchLevels: Int32Array;
}

const cache = new WeakMap<MatchModel, CompiledModel>();

export function compileModel(model: MatchModel): CompiledModel {
  const cached = cache.get(model);
  if (cached !== undefined) return cached;
  const compiled: CompiledModel = {
    model,
    priorWeight: weightOfProbability(model.prior.probability),
    thresholdWeights: {
      certain: weightOfProbability(model.thresholds.certain),
      probable: weightOfProbability(model.thresholds.probable),
      possible: weightOfProbability(model.thresholds.possible),
    },
    comparisons: model.comparisons.map(compileComparison),
    rules: compileDeterministicRules(
      model.deterministicRules,
      model.comparisons.map((c) => c.id),
    ),
    household: compileHousehold(model.household, model.comparisons),
    scratchWeights: new Float64Array(model.comparisons.length),
    scratchLevels: new Int32Array(model.comparisons.length),
  };
  cache.set(model, compiled);
  return compiled;
}

function compileComparison(definition: ComparisonDefinition): CompiledComparison {
  const tf = definition.termFrequency;
  return {
    definition,
    comparator: compileComparator(definition),
    weights: Float64Array.from(definition.levels, (level) => levelWeight(level.m, level.u)),
    tfLevel: tf === undefined ? -1 : definition.levels.findIndex((level) => level.id === tf.level),
    tfMinimumU: tf?.minimumU ?? 1,
  };
}

export function isCompiledModel(value: MatchModel | CompiledModel): value is CompiledModel {
  return 'priorWeight' in value;
}

export function asCompiled(model: MatchModel | CompiledModel): CompiledModel {
  return isCompiledModel(model) ? model : compileModel(model);
}
