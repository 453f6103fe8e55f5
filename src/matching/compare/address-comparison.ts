import { MatchFeatures } from '../record-types';
import { jaroWinkler } from './jaro-winkler';
import {
  Comparator,
  ComparisonDefinitionError,
  ComparisonKind,
  MISSING_LEVEL,
  TestFactory,
  firstLevel,
  levelTests,
  requiredThreshold,
  textOrHidden,
} from './comparator';

/**
 * Address line and postal code as one comparison. They move together: a person who moves
 * changes both, and household members share both. Scored as two independent comparisons
 * they would count a move twice against a true match and a shared home twice for two
 * relatives. Tests: `exact` (same address line, postal codes not in conflict: equal, missing
 * or one typo apart); `jaro-winkler` (address lines alike, threshold on the level, postal codes
 * not in conflict); `same-words` (every word of the shorter line in the longer, in any order,
 * postal codes not in conflict); `line-only` (address lines alike by Jaro-Winkler, the postal
 * codes in conflict: a mistyped or replaced code, or the same street in another town);
 * `words-only` (every word of the shorter line in the longer, the postal codes in conflict:
 * `line-only` for lines written in another order or with a part left out, which Jaro-Winkler
 * reads as different); `postal-code`
 * (same postal code, different street address); `postal-prefix` (first `length` characters
 * of the postal code); `else`. Missing when neither the address lines nor the postal codes
 * are present on both sides.
 */
/** Postal codes that do not contradict one address: either missing, equal, or one typo apart. */
function postalCompatible(a: MatchFeatures, b: MatchFeatures): boolean {
  const x = a.postalCode;
  const y = b.postalCode;
  return x === null || y === null || x === y || oneTypoApart(x, y);
}

/** Same length, and one character substituted or two neighbours transposed. */
export function oneTypoApart(x: string, y: string): boolean {
  if (x.length !== y.length) return false;
  let first = -1;
  let differences = 0;
  for (let i = 0; i < x.length; i++) {
    if (x.charCodeAt(i) === y.charCodeAt(i)) continue;
    if (++differences > 2) return false;
    if (first < 0) first = i;
  }
  if (differences <= 1) return true;
  return (
    x.charCodeAt(first) === y.charCodeAt(first + 1) &&
    x.charCodeAt(first + 1) === y.charCodeAt(first)
  );
}

/** Fewest words the shorter line must have, so a lone house number or street never counts. */
const MIN_SHARED_WORDS = 2;

/**
 * Every word of the shorter address line appears in the longer, in any order: the same
 * address written in another order or with a part left out (`51 hurley st` / `51 hurley st
 * lakes retirement estate`; a locality line before the street). Jaro-Winkler, which reads
 * left to right, scores both low.
 */
export function wordsContained(x: string, y: string): boolean {
  const shorter = x.length <= y.length ? x : y;
  const longer = shorter === x ? y : x;
  // Allocation-free: most candidate pairs reach this level, and most fail on the first word.
  let words = 0;
  for (let start = 0; start < shorter.length;) {
    let end = shorter.indexOf(' ', start);
    if (end < 0) end = shorter.length;
    if (end > start) {
      if (!hasWord(longer, shorter, start, end)) return false;
      words++;
    }
    start = end + 1;
  }
  return words >= MIN_SHARED_WORDS;
}

/** Whether `line` has a space-separated word equal to source[start, end). */
function hasWord(line: string, source: string, start: number, end: number): boolean {
  const length = end - start;
  for (let i = 0; i < line.length;) {
    let e = line.indexOf(' ', i);
    if (e < 0) e = line.length;
    if (e - i === length && sameChars(line, i, source, start, length)) return true;
    i = e + 1;
  }
  return false;
}

function sameChars(a: string, i: number, b: string, j: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a.charCodeAt(i + k) !== b.charCodeAt(j + k)) return false;
  return true;
}

function bothLines(a: MatchFeatures, b: MatchFeatures): boolean {
  return a.addressLine !== null && b.addressLine !== null;
}

const TESTS: Readonly<Record<string, TestFactory>> = {
  exact: () => (a, b) =>
    bothLines(a, b) && a.addressLine === b.addressLine && postalCompatible(a, b),
  'jaro-winkler': (level) => {
    const threshold = requiredThreshold(level);
    return (a, b) =>
      bothLines(a, b) &&
      postalCompatible(a, b) &&
      jaroWinkler(a.addressLine ?? '', b.addressLine ?? '') >= threshold;
  },
  'same-words': () => (a, b) =>
    bothLines(a, b) &&
    postalCompatible(a, b) &&
    wordsContained(a.addressLine ?? '', b.addressLine ?? ''),
  'line-only': (level) => {
    const threshold = requiredThreshold(level);
    // Compatible postal codes were already tried by `jaro-winkler`: only conflicting ones here.
    return (a, b) =>
      bothLines(a, b) &&
      !postalCompatible(a, b) &&
      jaroWinkler(a.addressLine ?? '', b.addressLine ?? '') >= threshold;
  },
  'words-only': () => (a, b) =>
    bothLines(a, b) &&
    !postalCompatible(a, b) &&
    wordsContained(a.addressLine ?? '', b.addressLine ?? ''),
  'postal-code': () => (a, b) => a.postalCode !== null && a.postalCode === b.postalCode,
  'postal-code-typo': () => (a, b) =>
    a.postalCode !== null && b.postalCode !== null && oneTypoApart(a.postalCode, b.postalCode),
  'postal-prefix': (level) => {
    const length = level.length;
    if (length === undefined || !Number.isInteger(length) || length < 1) {
      throw new ComparisonDefinitionError(
        `level "${level.id}": a postal-prefix test needs a positive integer length`,
      );
    }
    return (a, b) => {
      const x = a.postalCode ?? '';
      const y = b.postalCode ?? '';
      return x.length >= length && y.length >= length && x.startsWith(y.slice(0, length));
    };
  },
};

function shown(features: MatchFeatures, reveal: boolean): string | null {
  const parts = [features.addressLine, features.postalCode].filter((part) => part !== null);
  return textOrHidden(parts.length === 0 ? null : parts.join(', '), reveal);
}

export const addressComparison: ComparisonKind = (definition): Comparator => {
  const tests = levelTests(definition, TESTS);
  return {
    level: (a: MatchFeatures, b: MatchFeatures) =>
      bothLines(a, b) || (a.postalCode !== null && b.postalCode !== null)
        ? firstLevel(tests, a, b)
        : MISSING_LEVEL,
    display: (a, b, _level, reveal) => [shown(a, reveal), shown(b, reveal)],
    termFrequencyValue: (features) => features.addressLine,
    fields: ['addressLine', 'postalCode'],
  };
};
