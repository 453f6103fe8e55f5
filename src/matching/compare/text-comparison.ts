import { MatchFeatures } from '../record-types';
import {
  Comparator,
  ComparisonDefinitionError,
  ComparisonKind,
  FeatureField,
  MISSING_LEVEL,
  PairTest,
  TestFactory,
  jaroWinklerTest,
  firstLevel,
  levelTests,
  textOrHidden,
} from './comparator';
import { isInitialOf } from './name-similarity';

/**
 * One free-text field (middle name, suffix, address line, city, state, postal code, mother's
 * maiden name), named by the definition's `field`. Models before version 8 compare the middle
 * name so; since then it has a kind of its own (middle-name-comparison.ts), built on these tests. Tests: `exact`; `jaro-winkler` (threshold
 * on the level); `prefix` (the first `length` characters agree: a ZIP's first 3 digits name
 * an area); `initial` (one side is only an initial); `else`.
 */
export const TEXT_FIELDS = [
  'middle',
  'suffix',
  'addressLine',
  'city',
  'state',
  'postalCode',
  'mothersMaidenName',
] as const satisfies readonly (keyof MatchFeatures)[];

export type TextField = (typeof TEXT_FIELDS)[number];

function isTextField(field: string | undefined): field is TextField {
  return (TEXT_FIELDS as readonly string[]).includes(field ?? '');
}

/** The text tests on one field, by level test name. */
export function textTests(field: TextField): Readonly<Record<string, TestFactory>> {
  return {
    exact: () => (a, b) => a[field] === b[field],
    'jaro-winkler': jaroWinklerTest((f) => f[field]),
    prefix: (level) => {
      const length = level.length;
      if (length === undefined || !Number.isInteger(length) || length < 1) {
        throw new ComparisonDefinitionError(
          `level "${level.id}": a prefix test needs a positive integer length`,
        );
      }
      return (a, b) => {
        const x = a[field] ?? '';
        const y = b[field] ?? '';
        return x.length >= length && y.length >= length && x.startsWith(y.slice(0, length));
      };
    },
    initial: () => (a, b) => isInitialOf(a[field] ?? '', b[field] ?? ''),
  };
}

export const textComparison: ComparisonKind = (definition): Comparator => {
  const field = definition.field;
  if (!isTextField(field)) {
    throw new ComparisonDefinitionError(
      `comparison "${definition.id}": a text comparison needs field, one of ${TEXT_FIELDS.join(', ')}`,
    );
  }
  return textFieldComparator(field, levelTests(definition, textTests(field)));
};

/**
 * The comparator of one text field: missing when either side lacks it, else the first level
 * whose test holds; the two values shown (or hidden); an exact match adjusted by how common the
 * value is. `alsoReads` names the other fields the tests read.
 */
export function textFieldComparator(
  field: TextField,
  tests: readonly PairTest[],
  alsoReads: readonly FeatureField[] = [],
): Comparator {
  return {
    level: (a: MatchFeatures, b: MatchFeatures) =>
      a[field] === null || b[field] === null ? MISSING_LEVEL : firstLevel(tests, a, b),
    display: (a, b, _level, reveal) => [
      textOrHidden(a[field], reveal),
      textOrHidden(b[field], reveal),
    ],
    termFrequencyValue: (features) => features[field],
    fields: [field, ...alsoReads],
  };
}
