import { MatchFeatures } from '../record-types';
import {
  Comparator,
  ComparisonKind,
  DisplayedValues,
  MISSING_LEVEL,
  TestFactory,
  firstLevel,
  levelTests,
} from './comparator';

/**
 * The e-mail's local part (the mailbox name before the `@`), by keyed token, for two
 * addresses that differ. A mailbox name is chosen by its owner (`t.morris39`) and outlives a
 * change of provider or a mistyped domain, which the whole-address comparison can only call
 * different. Equal addresses are the `email` comparison's to weigh, so this one is neutral
 * then, as it is when either side has no address (or one stored before local parts were
 * tokenized). Tests: `exact` (same local part, other domain); `else` (other mailbox names
 * too: adds nothing beyond the whole address being different, so its m and u are alike).
 */
const TESTS: Readonly<Record<string, TestFactory>> = {
  exact: () => (a, b) => a.emailLocalPart === b.emailLocalPart,
};

function comparable(a: MatchFeatures, b: MatchFeatures): boolean {
  return (
    a.email !== null &&
    b.email !== null &&
    typeof a.emailLocalPart === 'string' &&
    typeof b.emailLocalPart === 'string' &&
    a.keyId === b.keyId &&
    a.email.token !== b.email.token
  );
}

export const emailLocalPartComparison: ComparisonKind = (definition): Comparator => {
  const tests = levelTests(definition, TESTS);
  return {
    level: (a: MatchFeatures, b: MatchFeatures) =>
      comparable(a, b) ? firstLevel(tests, a, b) : MISSING_LEVEL,
    // Tokens only: say how the mailbox names relate, never what they are.
    display: (a, b): DisplayedValues => {
      if (!comparable(a, b)) return [presence(a), presence(b)];
      const word = a.emailLocalPart === b.emailLocalPart ? 'same mailbox name' : 'different';
      return [word, word];
    },
    termFrequencyValue: () => null,
    fields: ['emailLocalPart', 'email'],
  };
};

function presence(features: MatchFeatures): string | null {
  return features.email === null ? null : 'present';
}
