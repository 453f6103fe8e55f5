import { MatchFeatures } from '../record-types';
import { withinOneEditOrMisread } from './misread';
import { withinOneEdit } from './one-edit';
import {
  Comparator,
  ComparisonKind,
  MISSING_LEVEL,
  TestFactory,
  jaroWinklerTest,
  firstLevel,
  levelTests,
  requiredThreshold,
  textOrHidden,
} from './comparator';
import {
  alikeNames,
  compoundNamesDiffer,
  isInitialOf,
  namesCrossed,
  namesSwappedAlike,
  sameFullName,
  sameGivenName,
  sameNonNull,
} from './name-similarity';

/**
 * Given name. Tests, usually in this order: `exact`; `full-name` (the given and middle names
 * read together are the same words: one name written over one field or two, Mary Kate / Mary +
 * Kate, Ye-jin / Ye + Jin); `nickname` (same canonical name from the
 * nickname table, or one side's canonical name is the other's name: bill / william); `jaro-winkler` (typo, threshold on the level); `one-edit` (one typo apart, compare/one-edit.ts:
 * short names a Jaro-Winkler threshold misses; or misread by OCR, compare/misread.ts, `jarnes`
 * / james, where one of the two is no name); `metaphone`
 * (same primary Double Metaphone code: sounds alike); `initial` (one side is only an initial
 * that starts the other); `alike-names` (two different real names -- known-given-names.ts -- alike
 * by Jaro-Winkler at the level's threshold, one edit or sound: Aiden / Aidan, the names
 * parents give twins; placed before the typo levels, which then see only strings that are no
 * name); `swapped` (given and family name exchanged on one side; with the level's `threshold`, also
 * when both exchanged names are alike by Jaro-Winkler); `names-crossed` (a given name found
 * among the other's given and middle names: goes by the middle name, a compound name split,
 * name-similarity.ts); `else`. Two compound names with a word of their own each (Ana Sofia /
 * Ana Lucia: twins' names) are `else` whatever a test says of their strings.
 */
const TESTS: Readonly<Record<string, TestFactory>> = {
  exact: () => (a, b) => a.given === b.given,
  'full-name': () => sameFullName,
  nickname: () => sameGivenName,
  'jaro-winkler': jaroWinklerTest((f) => f.given),
  // Misread by OCR only where one of the two is no name: read back, two real names can meet
  // (aria / ana), and two real names are told apart by the levels before.
  'one-edit': () => (a, b) =>
    a.givenKnown === true && b.givenKnown === true
      ? withinOneEdit(a.given ?? '', b.given ?? '')
      : withinOneEditOrMisread(a.given ?? '', b.given ?? ''),
  'alike-names': (level) => {
    const threshold = requiredThreshold(level);
    return (a, b) => alikeNames(a, b, threshold);
  },
  metaphone: () => (a, b) => sameNonNull(a.givenMetaphone, b.givenMetaphone),
  swapped: (level) => {
    // Optional threshold: also a swap with a typo (name-similarity.ts); none, exact swaps only.
    const threshold = level.threshold;
    return (a, b) => namesSwappedAlike(a, b, threshold);
  },
  initial: () => (a, b) => isInitialOf(a.given ?? '', b.given ?? ''),
  'names-crossed': () => namesCrossed,
};

export const givenNameComparison: ComparisonKind = (definition): Comparator => {
  const tests = levelTests(definition, TESTS);
  return {
    level: (a: MatchFeatures, b: MatchFeatures) => {
      if (a.given === null || b.given === null) return MISSING_LEVEL;
      return compoundNamesDiffer(a.given, b.given) ? tests.length - 1 : firstLevel(tests, a, b);
    },
    display: (a, b, _level, reveal) => [
      textOrHidden(a.given, reveal),
      textOrHidden(b.given, reveal),
    ],
    termFrequencyValue: (features) => features.given,
    fields: ['given', 'givenCanonical', 'givenMetaphone', 'middle'],
  };
};
