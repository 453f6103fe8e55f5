import { IdentifierToken, MatchFeatures } from '../record-types';
import { ComparisonDefinition } from '../model/match-model';
import {
  Comparator,
  ComparisonDefinitionError,
  ComparisonKind,
  DisplayedValues,
  MISSING_LEVEL,
  levelTests,
} from './comparator';
import {
  TOKENS_EQUAL,
  TOKENS_ONE_EDIT,
  TOKEN_RELATION_WORDS,
  tokenRelation,
} from './identifier-tokens';

/**
 * An identifier compared by keyed token: SSN, phone or e-mail (the definition's `field`).
 * Tests: `exact`; `last-character` (one edit apart in the last character alone, by the stem
 * tokens: numbers issued together); `one-edit` (one deletion, substitution or transposition
 * apart, from the deletion-variant tokens); `else`. Tokens made under different keys cannot be compared, so
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

/**
 * Numbers one edit apart whose stems (the values without their last character) are equal:
 * they differ in the last character alone, as numbers issued together do (twins given
 * ...1234 and ...1235 at birth). A relation of its own, so a model can weigh it apart from
 * a typo elsewhere in the number; a `one-edit` level still takes it when none does.
 */
export const TOKENS_LAST_CHARACTER = 3;

/** Level tests on the token relation, computed once per pair. */
export const RELATION_TESTS: Readonly<Record<string, (relation: number) => boolean>> = {
  exact: (relation) => relation === TOKENS_EQUAL,
  'last-character': (relation) => relation === TOKENS_LAST_CHARACTER,
  'one-edit': (relation) => relation === TOKENS_ONE_EDIT || relation === TOKENS_LAST_CHARACTER,
};

/** tokenRelation, with numbers apart only in their last character told apart. */
export function identifierRelation(a: IdentifierToken, b: IdentifierToken): number {
  const relation = tokenRelation(a, b);
  return relation === TOKENS_ONE_EDIT &&
    a.stem !== undefined &&
    b.stem !== undefined &&
    a.stem === b.stem
    ? TOKENS_LAST_CHARACTER
    : relation;
}

/** Resolves each level's relation test; `else` accepts every relation. */
export function relationLevels(
  definition: ComparisonDefinition,
): ((relation: number) => boolean)[] {
  // levelTests checks the names and the final `else`; the pair tests it builds are unused.
  levelTests(
    definition,
    Object.fromEntries(Object.keys(RELATION_TESTS).map((name) => [name, () => () => false])),
  );
  return definition.levels.map((level) => RELATION_TESTS[level.test ?? level.id] ?? (() => true));
}

/** Index of the first level whose relation test holds (the last is `else`). */
export function levelOfRelation(
  tests: readonly ((relation: number) => boolean)[],
  relation: number,
): number {
  const last = tests.length - 1;
  for (let i = 0; i < last; i++)
    if ((tests[i] as (relation: number) => boolean)(relation)) return i;
  return last;
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
  const tests = relationLevels(definition);
  return {
    level: (a: MatchFeatures, b: MatchFeatures) => {
      const x = a[field];
      const y = b[field];
      if (x === null || y === null || a.keyId !== b.keyId) return MISSING_LEVEL;
      return levelOfRelation(tests, identifierRelation(x, y));
    },
    display: (a, b) => tokenDisplay(a[field], b[field], a.keyId === b.keyId),
    termFrequencyValue: () => null,
    fields: [field],
  };
};
