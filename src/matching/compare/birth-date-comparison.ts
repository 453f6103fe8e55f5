import { MatchFeatures } from '../record-types';
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
 * Birth date (ISO `YYYY-MM-DD`). Tests: `exact-january-first` (the same date, a 1 January: the
 * date registries and immigration offices give when only the year is known, to whole refugee
 * families at once, so it tells little more than the year; placed before `exact`); `exact`;
 * `day-month-swapped` (same year, day and
 * month exchanged: 1980-03-04 / 1980-04-03, the US/European writing mix-up); `one-part-differs`
 * (two of year, month and day agree: a typo in one of them; a year only one digit or one
 * swap of neighbouring digits apart, or one year apart); `else`.
 */

const JANUARY_FIRST = '-01-01';

/** How two ISO dates relate; exported for the deterministic rules' conflict guard. */
export type BirthDateRelation = 'exact' | 'day-month-swapped' | 'one-part-differs' | 'different';

export function birthDateRelation(a: string, b: string): BirthDateRelation {
  if (a === b) return 'exact';
  // Compare fixed slices of the ISO form without allocating substrings.
  const sameYear = sameCodes(a, b, 0, 4);
  const sameMonth = sameCodes(a, b, 5, 7);
  const sameDay = sameCodes(a, b, 8, 10);
  if (sameYear && isSwapped(a, b)) return 'day-month-swapped';
  const agreeing = (sameYear ? 1 : 0) + (sameMonth ? 1 : 0) + (sameDay ? 1 : 0);
  if (agreeing !== 2) return 'different';
  // A year is mistyped by a digit or two swapped ones; a father and his namesake son born on
  // one day of the year, decades apart, are two people.
  return sameYear || yearsOneEditApart(a, b) || yearsOneApart(a, b)
    ? 'one-part-differs'
    : 'different';
}

/**
 * Years one apart (1999 / 2000, 2019 / 2020): a year worked out from an age, or misremembered,
 * which no digit typo explains when it crosses a decade. One year apart is no parent and
 * child, and twins share the date.
 */
function yearsOneApart(a: string, b: string): boolean {
  return Math.abs(Number(a.slice(0, 4)) - Number(b.slice(0, 4))) === 1;
}

/** The years (first four characters) differ in one digit, or in two adjacent ones swapped. */
function yearsOneEditApart(a: string, b: string): boolean {
  const differing: number[] = [];
  for (let i = 0; i < 4; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) differing.push(i);
  if (differing.length === 1) return true;
  const [i, j] = differing;
  return (
    differing.length === 2 &&
    i !== undefined &&
    j === i + 1 &&
    a.charCodeAt(i) === b.charCodeAt(j) &&
    a.charCodeAt(j) === b.charCodeAt(i)
  );
}

function sameCodes(a: string, b: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

function isSwapped(a: string, b: string): boolean {
  return (
    a.charCodeAt(5) === b.charCodeAt(8) &&
    a.charCodeAt(6) === b.charCodeAt(9) &&
    a.charCodeAt(8) === b.charCodeAt(5) &&
    a.charCodeAt(9) === b.charCodeAt(6)
  );
}

const TESTS: Readonly<Record<string, TestFactory>> = {
  'exact-january-first': () => (a, b) =>
    a.birthDate === b.birthDate && a.birthDate?.endsWith(JANUARY_FIRST) === true,
  exact: () => (a, b) => a.birthDate === b.birthDate,
  'day-month-swapped': () => (a, b) =>
    birthDateRelation(a.birthDate ?? '', b.birthDate ?? '') === 'day-month-swapped',
  'one-part-differs': () => (a, b) =>
    birthDateRelation(a.birthDate ?? '', b.birthDate ?? '') === 'one-part-differs',
};

export const birthDateComparison: ComparisonKind = (definition): Comparator => {
  const tests = levelTests(definition, TESTS);
  return {
    level: (a: MatchFeatures, b: MatchFeatures) =>
      a.birthDate === null || b.birthDate === null ? MISSING_LEVEL : firstLevel(tests, a, b),
    display: (a, b, _level, reveal) => [
      textOrHidden(a.birthDate, reveal),
      textOrHidden(b.birthDate, reveal),
    ],
    termFrequencyValue: (features) => features.birthDate,
    fields: ['birthDate'],
  };
};
