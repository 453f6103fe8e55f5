import { Comparator, ComparisonKind, TestFactory, levelTests } from './comparator';
import { namesWithinOther } from './name-similarity';
import { textFieldComparator, textTests } from './text-comparison';

/**
 * Middle name. Tests: the text tests (`exact`, `jaro-winkler`, `prefix`, `initial`:
 * text-comparison.ts); `names-within` (the given names differ and every
 * given and middle name of one record is among the other's: given and middle name in the other
 * order, Anna Sophia / Sophia Anna, or the middle name gone by: James Tyler / Tyler Mark); `else`.
 *
 * `names-within` is a level of its own because the given-name comparison has already weighed
 * the crossing (its `names-crossed` level): the middle names then differ as a consequence of
 * the same one event, and `else` would count that event a second time against the pair.
 */
const TESTS: Readonly<Record<string, TestFactory>> = {
  ...textTests('middle'),
  'names-within': () => (a, b) => a.given !== b.given && namesWithinOther(a, b),
};

export const middleNameComparison: ComparisonKind = (definition): Comparator =>
  textFieldComparator('middle', levelTests(definition, TESTS), ['given']);
