import { MatchFeatures } from '../record-types';
import { withinOneEditOrMisread } from './misread';
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
import { namesSwappedAlike, sameNonNull, shareAny } from './name-similarity';

/**
 * Family name. Tests, usually in this order: `exact`; `compound-part` (the two share a part of
 * a compound or hyphenated name: garcia lopez / garcia, a common registration variant);
 * `jaro-winkler` (threshold on the level); `one-edit` (one typo apart, compare/one-edit.ts:
 * short names a Jaro-Winkler threshold misses; or misread by OCR, compare/misread.ts,
 * `robirison` / robinson); `metaphone` (same primary Double Metaphone code);
 * `swapped` (given and family name exchanged on one side; with the level's `threshold`, also
 * when both exchanged names are alike by Jaro-Winkler); `else`. A married-name change lands in `else`, which is why its weight should stay moderate.
 */
const TESTS: Readonly<Record<string, TestFactory>> = {
  exact: () => (a, b) => a.family === b.family,
  'compound-part': () => (a, b) => shareAny(a.familyParts, b.familyParts),
  'jaro-winkler': jaroWinklerTest((f) => f.family),
  'one-edit': () => (a, b) => withinOneEditOrMisread(a.family ?? '', b.family ?? ''),
  metaphone: () => (a, b) => sameNonNull(a.familyMetaphone, b.familyMetaphone),
  swapped: (level) => {
    // Optional threshold: also a swap with a typo (name-similarity.ts); none, exact swaps only.
    const threshold = level.threshold;
    return (a, b) => namesSwappedAlike(a, b, threshold);
  },
};

export const familyNameComparison: ComparisonKind = (definition): Comparator => {
  const tests = levelTests(definition, TESTS);
  return {
    level: (a: MatchFeatures, b: MatchFeatures) =>
      a.family === null || b.family === null ? MISSING_LEVEL : firstLevel(tests, a, b),
    display: (a, b, _level, reveal) => [
      textOrHidden(a.family, reveal),
      textOrHidden(b.family, reveal),
    ],
    termFrequencyValue: (features) => features.family,
    fields: ['family', 'familyParts', 'familyMetaphone'],
  };
};
