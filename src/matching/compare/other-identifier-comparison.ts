import { MatchFeatures, OtherIdentifierToken } from '../record-types';
import { Comparator, ComparisonKind, MISSING_LEVEL } from './comparator';
import {
  TOKENS_LAST_CHARACTER,
  identifierRelation,
  levelOfRelation,
  relationLevels,
} from './identifier-comparison';
import {
  TOKENS_DIFFERENT,
  TOKENS_EQUAL,
  TOKENS_ONE_EDIT,
  TOKEN_RELATION_WORDS,
  comparableIdentifiers,
  differentRecordNumbers,
} from './identifier-tokens';

/**
 * Further identifiers (Medicaid number, driver's licence, ...) compared within each assigning
 * authority: two numbers from different systems say nothing about each other. The definition's
 * `system` restricts the comparison to one authority; without it every shared system counts and
 * the closest relation wins (comparableIdentifiers). Tests: `exact`, `last-character` (consecutive numbers: issued
 * together, as to twins at birth), `one-edit`, `else`. No shared system (or tokens under
 * different keys) is the neutral level.
 */

/** Closeness of a relation (lower is closer): equal, a typo, consecutive, different. */
function closeness(relation: number): number {
  if (relation === TOKENS_LAST_CHARACTER) return 2;
  return relation === TOKENS_DIFFERENT ? 3 : relation;
}

/** Closest relation over identifiers of a shared system, with that system; null if none shared. */
export function closestOtherIdentifier(
  a: readonly OtherIdentifierToken[],
  b: readonly OtherIdentifierToken[],
  system: string | undefined,
): { relation: number; system: string } | null {
  let best: { relation: number; system: string } | null = null;
  for (const x of a) {
    if (system !== undefined && x.system !== system) continue;
    for (const y of b) {
      if (!comparableIdentifiers(x, y)) continue;
      const relation = identifierRelation(x, y);
      if (differentRecordNumbers(x, y, relation)) continue;
      if (best === null || closeness(relation) < closeness(best.relation))
        best = { relation, system: x.system };
      if (relation === TOKENS_EQUAL) return best;
    }
  }
  return best;
}

/** The closest relation alone, allocation-free for the hot path; -1 when no system is shared. */
function relationOf(a: MatchFeatures, b: MatchFeatures, system: string | undefined): number {
  if (a.otherIdentifiers.length === 0 || b.otherIdentifiers.length === 0 || a.keyId !== b.keyId) {
    return -1;
  }
  let best = -1;
  for (const x of a.otherIdentifiers) {
    if (system !== undefined && x.system !== system) continue;
    for (const y of b.otherIdentifiers) {
      if (!comparableIdentifiers(x, y)) continue;
      const relation = identifierRelation(x, y);
      if (relation === TOKENS_EQUAL) return relation;
      if (differentRecordNumbers(x, y, relation)) continue;
      if (best < 0 || closeness(relation) < closeness(best)) best = relation;
    }
  }
  return best;
}

export const otherIdentifierComparison: ComparisonKind = (definition): Comparator => {
  const system = definition.system;
  const tests = relationLevels(definition);
  return {
    level: (a: MatchFeatures, b: MatchFeatures) => {
      const relation = relationOf(a, b, system);
      return relation < 0 ? MISSING_LEVEL : levelOfRelation(tests, relation);
    },
    display: (a, b) => {
      if (a.keyId !== b.keyId) return [null, null];
      const closest = closestOtherIdentifier(a.otherIdentifiers, b.otherIdentifiers, system);
      if (closest === null) return [null, null];
      const words = TOKEN_RELATION_WORDS[closest.relation] ?? TOKEN_RELATION_WORDS[TOKENS_ONE_EDIT];
      const text = `${closest.system}: ${words}`;
      return [text, text];
    },
    termFrequencyValue: () => null,
    fields: ['otherIdentifiers'],
  };
};
