import { AdministrativeGender, MatchFeatures } from '../record-types';
import {
  Comparator,
  ComparisonKind,
  MISSING_LEVEL,
  TestFactory,
  firstLevel,
  levelTests,
  textOrHidden,
} from './comparator';

/**
 * Administrative sex. Tests: `exact`, `else`. `unknown` says nothing, so it counts as missing.
 */
const TESTS: Readonly<Record<string, TestFactory>> = {
  exact: () => (a, b) => a.sex === b.sex,
};

export function isKnownSex(sex: AdministrativeGender | null): boolean {
  return sex !== null && sex !== 'unknown';
}

export const sexComparison: ComparisonKind = (definition): Comparator => {
  const tests = levelTests(definition, TESTS);
  return {
    level: (a: MatchFeatures, b: MatchFeatures) =>
      isKnownSex(a.sex) && isKnownSex(b.sex) ? firstLevel(tests, a, b) : MISSING_LEVEL,
    display: (a, b, _level, reveal) => [textOrHidden(a.sex, reveal), textOrHidden(b.sex, reveal)],
    termFrequencyValue: () => null,
    fields: ['sex'],
  };
};
