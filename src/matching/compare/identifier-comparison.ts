import { IdentifierToken, MatchFeatures } from '../record-types';
import {
  Comparator,
  ComparisonDefinitionError,
  ComparisonKind,
  DisplayedValues,
  MISSING_LEVEL,
  PairTest,
  TestFactory,
  firstLevel,
  levelTests,
} from './comparator';
import { TOKENS_ONE_EDIT, TOKEN_RELATION_WORDS, tokenRelation } from './identifier-tokens';

/**
 * An identifier compared by keyed token: SSN, phone or e-mail (the definition's `field`).
 * Tests: `exact`; `one-edit` (one deletion, substitution or transposition apart, from the
 * deletion-variant tokens); `else`. Tokens made under different keys cannot be compared, so
 * such a pair takes the neutral level.
 */
export const IDENTIFIER_FIELDS = [
  'ssn',
  'phone',
  'email',
] as const satisfies readonly (keyof MatchFeatures)[];
export type IdentifierField = (typeof IDENTIFIER_FIELDS)[number];

function isIdentifierField(field: string | undefined): field is IdentifierField {
  return (IDENTIFIER_FIELDS as readonly string[]).includes(field ?? '');
}

function testsFor(field: IdentifierField): Readonly<Record<string, TestFactory>> {
  const relation = (a: MatchFeatures, b: MatchFeatures): number =>
    tokenRelation(a[field] as IdentifierToken, b[field] as IdentifierToken);
  const exact: PairTest = (a, b) =>
    (a[field] as IdentifierToken).token === (b[field] as IdentifierToken).token;
  return {
    exact: () => exact,
    'one-edit': () => (a, b) => relation(a, b) <= TOKENS_ONE_EDIT,
  };
}

/** Relation words for both sides, or null for a missing side. */
export function tokenDisplay(
  a: IdentifierToken | null,
  b: IdentifierToken | null,
  comparable: boolean,
): DisplayedValues {
  if (a === null || b === null || !comparable) {
    return [a === null ? null : 'present', b === null ? null : 'present'];
  }
  const word = TOKEN_RELATION_WORDS[tokenRelation(a, b)] ?? null;
  return [word, word];
}

export const identifierComparison: ComparisonKind = (definition): Comparator => {
  const field = definition.field;
  if (!isIdentifierField(field)) {
    throw new ComparisonDefinitionError(
      `comparison "${definition.id}": an identifier comparison needs field, one of ${IDENTIFIER_FIELDS.join(', ')}`,
    );
  }
  const tests = levelTests(definition, testsFor(field));
  return {
    level: (a: MatchFeatures, b: MatchFeatures) =>
      a[field] === null || b[field] === null || a.keyId !== b.keyId
        ? MISSING_LEVEL
        : firstLevel(tests, a, b),
    display: (a, b) => tokenDisplay(a[field], b[field], a.keyId === b.keyId),
    termFrequencyValue: () => null,
    fields: [field],
  };
};
