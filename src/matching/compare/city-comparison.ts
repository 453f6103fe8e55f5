import { MatchFeatures } from '../record-types';
import {
  Comparator,
  ComparisonKind,
  MISSING_LEVEL,
  TestFactory,
  jaroWinklerTest,
  firstLevel,
  levelTests,
  textOrHidden,
} from './comparator';

/**
 * The city, for records that cannot be placed by a postal code. When both records carry a
 * postal code the address comparison has already weighed where they live, and a city agrees
 * with its postal code nearly always: weighing it again would count one fact twice. So the
 * city speaks only when a postal code is missing on either side (the sparse feeds that send a
 * town and no address), and is neutral otherwise. Tests: `exact`; `jaro-winkler` (threshold
 * on the level: a typo in the name); `else`.
 */
const TESTS: Readonly<Record<string, TestFactory>> = {
  exact: () => (a, b) => a.city === b.city,
  'jaro-winkler': jaroWinklerTest((f) => f.city),
};

/** True when the city says something the address comparison has not. */
function cityComparable(a: MatchFeatures, b: MatchFeatures): boolean {
  return a.city !== null && b.city !== null && (a.postalCode === null || b.postalCode === null);
}

export const cityComparison: ComparisonKind = (definition): Comparator => {
  const tests = levelTests(definition, TESTS);
  return {
    level: (a: MatchFeatures, b: MatchFeatures) =>
      cityComparable(a, b) ? firstLevel(tests, a, b) : MISSING_LEVEL,
    display: (a, b, _level, reveal) => [textOrHidden(a.city, reveal), textOrHidden(b.city, reveal)],
    termFrequencyValue: (features) => features.city,
    fields: ['city', 'postalCode'],
  };
};
