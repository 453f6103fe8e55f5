import { compileComparator } from '../../src/matching/compare/comparison-kinds';
import {
  ComparisonDefinition,
  ComparisonKindName,
  LevelDefinition,
} from '../../src/matching/model/match-model';
import { MatchFeatures } from '../../src/matching/record-types';

/** A definition whose levels apply the named tests in order, `else` last. */
export function definition(
  kind: ComparisonKindName,
  tests: (string | (Partial<LevelDefinition> & { id: string }))[],
  extra: Partial<ComparisonDefinition> = {},
): ComparisonDefinition {
  const levels = [...tests, 'else'].map((test) => {
    const level = typeof test === 'string' ? { id: test } : test;
    return { label: level.id, m: 0.5, u: 0.5, ...level };
  });
  return { id: kind, label: kind, kind, levels, ...extra };
}

/** The id of the level a pair takes, or `missing`. */
export function levelOf(def: ComparisonDefinition, a: MatchFeatures, b: MatchFeatures): string {
  const index = compileComparator(def).level(a, b);
  return index < 0 ? 'missing' : (def.levels[index]?.id ?? '?');
}
