import { ComparisonDefinition, LevelDefinition } from '../model/match-model';
import { MatchFeatures } from '../record-types';
import { jaroWinkler } from './jaro-winkler';

/**
 * What a comparison definition compiles to. A comparison kind (given name, birth date, ...)
 * knows a set of named tests; the definition's levels pick tests in order, and the comparator
 * returns the index of the first level whose test holds.
 */

/** Level index returned when either side lacks the value: the neutral level, weight 0. */
export const MISSING_LEVEL = -1;
export const MISSING_LEVEL_ID = 'missing';

/** A level's test on a pair whose values are both present. */
export type PairTest = (a: MatchFeatures, b: MatchFeatures) => boolean;

export type FeatureField = keyof MatchFeatures;

export type DisplayedValues = readonly [string | null, string | null];

export interface Comparator {
  /** Index into the definition's levels of the first level that holds, or MISSING_LEVEL. */
  level(a: MatchFeatures, b: MatchFeatures): number;
  /** The two values as a caller may see them (`reveal` false hides personal data). */
  display(a: MatchFeatures, b: MatchFeatures, level: number, reveal: boolean): DisplayedValues;
  /** The value whose store frequency adjusts an exact match; null when the kind has none. */
  termFrequencyValue(features: MatchFeatures): string | null;
  /** Feature fields read, so training knows which comparisons a blocking rule biases. */
  readonly fields: readonly FeatureField[];
}

export type ComparisonKind = (definition: ComparisonDefinition) => Comparator;

/** Builds a level's test from the level (its threshold or length). */
export type TestFactory = (level: LevelDefinition) => PairTest;

/** Shown instead of a value the caller may not see. */
export const HIDDEN = '(hidden)';

export class ComparisonDefinitionError extends Error {}

const always: PairTest = () => true;

/** Resolves each level's test by name; throws naming the comparison, level and test. */
export function levelTests(
  definition: ComparisonDefinition,
  factories: Readonly<Record<string, TestFactory>>,
): PairTest[] {
  const last = definition.levels.at(-1);
  if (last === undefined || (last.test ?? last.id) !== 'else') {
    throw new ComparisonDefinitionError(
      `comparison "${definition.id}": the last level must be "else"`,
    );
  }
  return definition.levels.map((level) => {
    const name = level.test ?? level.id;
    if (name === 'else') return always;
    const factory = Object.hasOwn(factories, name) ? factories[name] : undefined;
    if (factory === undefined) {
      const known = [...Object.keys(factories), 'else'].join(', ');
      throw new ComparisonDefinitionError(
        `comparison "${definition.id}" level "${level.id}": unknown test "${name}" for kind ${definition.kind} (known: ${known})`,
      );
    }
    return factory(level);
  });
}

/** The test name each level applies, for displays that depend on it. */
export function levelTestNames(definition: ComparisonDefinition): string[] {
  return definition.levels.map((level) => level.test ?? level.id);
}

/** Index of the first test that holds; the last level is `else`, so one always does. */
export function firstLevel(tests: readonly PairTest[], a: MatchFeatures, b: MatchFeatures): number {
  const last = tests.length - 1;
  for (let i = 0; i < last; i++) {
    if ((tests[i] as PairTest)(a, b)) return i;
  }
  return last;
}

/** Threshold of a jaro-winkler level, checked. */
export function requiredThreshold(level: LevelDefinition): number {
  const threshold = level.threshold;
  if (threshold === undefined || !(threshold > 0 && threshold <= 1)) {
    throw new ComparisonDefinitionError(
      `level "${level.id}": a jaro-winkler test needs a threshold in (0, 1]`,
    );
  }
  return threshold;
}

/** A `jaro-winkler` level on one text field: the two values alike at the level's threshold. */
export function jaroWinklerTest(value: (features: MatchFeatures) => string | null): TestFactory {
  return (level) => {
    const threshold = requiredThreshold(level);
    return (a, b) => jaroWinkler(value(a) ?? '', value(b) ?? '') >= threshold;
  };
}

export function textOrHidden(value: string | null, reveal: boolean): string | null {
  if (value === null) return null;
  return reveal ? value : HIDDEN;
}
