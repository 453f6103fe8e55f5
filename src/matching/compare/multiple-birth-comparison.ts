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
 * Multiple birth. Two records with different birth orders are twins (or triplets): the
 * strongest evidence against a match that demographics give, since twins share family name,
 * birth date, address and often a given-name initial. Tests: `same-order`; `different-order`;
 * `conflicting-flag` (one side says multiple birth, the other says not); `singleton` (one or
 * both say no multiple birth and neither says one: the source rules a twin out, which the
 * household's birth-date weight reads); `else` (both known and consistent but
 * uninformative: true / 2). A side without a value is missing, unless the other says singleton.
 */
type MultipleBirth = number | boolean | null;

/** True when both sides carry a birth order and the orders differ. */
export function differentBirthOrders(a: MultipleBirth, b: MultipleBirth): boolean {
  return typeof a === 'number' && typeof b === 'number' && a !== b;
}

/** True when both sides carry the same birth order: twin B is twin B, whatever else differs. */
export function sameBirthOrder(a: MultipleBirth, b: MultipleBirth): boolean {
  return typeof a === 'number' && a === b;
}

function isMultiple(value: MultipleBirth): boolean {
  return value === true || typeof value === 'number';
}

/** Either side says the birth was a multiple one: a co-twin exists, whoever this is. */
export function declaresMultipleBirth(a: MultipleBirth, b: MultipleBirth): boolean {
  return isMultiple(a) || isMultiple(b);
}

/** A record says its birth was no multiple birth, and the other does not say it was one. */
export function declaredSingleton(a: MultipleBirth, b: MultipleBirth): boolean {
  return (a === false || b === false) && !isMultiple(a) && !isMultiple(b);
}

const TESTS: Readonly<Record<string, TestFactory>> = {
  'same-order': () => (a, b) => sameBirthOrder(a.multipleBirth, b.multipleBirth),
  'different-order': () => (a, b) => differentBirthOrders(a.multipleBirth, b.multipleBirth),
  'conflicting-flag': () => (a, b) =>
    (isMultiple(a.multipleBirth) && b.multipleBirth === false) ||
    (a.multipleBirth === false && isMultiple(b.multipleBirth)),
  singleton: () => (a, b) => declaredSingleton(a.multipleBirth, b.multipleBirth),
};

export const multipleBirthComparison: ComparisonKind = (definition): Comparator => {
  const tests = levelTests(definition, TESTS);
  const shown = (value: MultipleBirth, reveal: boolean): string | null =>
    textOrHidden(value === null ? null : String(value), reveal);
  return {
    level: (a: MatchFeatures, b: MatchFeatures) =>
      (a.multipleBirth === null || b.multipleBirth === null) &&
      !declaredSingleton(a.multipleBirth, b.multipleBirth)
        ? MISSING_LEVEL
        : firstLevel(tests, a, b),
    display: (a, b, _level, reveal) => [
      shown(a.multipleBirth, reveal),
      shown(b.multipleBirth, reveal),
    ],
    termFrequencyValue: () => null,
    fields: ['multipleBirth'],
  };
};
