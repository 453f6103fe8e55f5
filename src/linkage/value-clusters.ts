import { birthDateRelation } from '../matching/compare/birth-date-comparison';
import { jaroWinkler } from '../matching/compare/jaro-winkler';
import { isInitialOf } from '../matching/compare/name-similarity';
import { withinOneEdit } from '../matching/compare/one-edit';
import { NicknameTable, shareNicknameGroup } from '../matching/normalize/nickname-table';
import { splitFamilyName } from '../matching/normalize/person-name';

/**
 * Which of a person's values mean the same person-level value, as the comparisons see it:
 * a name and its nickname, two spellings one typo apart or alike by Jaro-Winkler, a compound
 * surname and one of its parts, two dates one part apart or with day and month swapped.
 * Such values vote together. Values are folded (the stored form); clusters are connected
 * components, so `jimmie`, `jimmmie` and `jim` make one cluster through `jimmie`.
 */
export type Sameness = (a: string, b: string) => boolean;

/** The level the engine's name comparisons call a typo (given-name and family-name models). */
const NAME_JARO_WINKLER = 0.92;

const alikeSpelling = (a: string, b: string): boolean =>
  withinOneEdit(a, b) || jaroWinkler(a, b) >= NAME_JARO_WINKLER;

/** Given and middle names; a name and its initial are one value too (`j` and `james`). */
export function personNameSameness(nicknames: NicknameTable): Sameness {
  return (a, b) =>
    a === b || shareNicknameGroup(nicknames, a, b) || alikeSpelling(a, b) || isInitialOf(a, b);
}

/** Words of this length and more may be told alike one by one (`dciaz` and `diaz`). */
const ALIKE_WORD = 4;

/**
 * Family names: alike spellings, a name and its initial, a compound surname and one of its
 * parts, a name written with some of its words only (`van` of `van dyke`), or a word of one
 * mistyped in the other (`cook diaz` and `dciaz`).
 */
export const familyNameSameness: Sameness = (a, b) => {
  if (a === b || alikeSpelling(a, b) || isInitialOf(a, b)) return true;
  const partsB = splitFamilyName(b).parts;
  if (splitFamilyName(a).parts.some((part) => partsB.includes(part))) return true;
  const [wordsA, wordsB] = [a.split(' '), b.split(' ')];
  if (wordsA.every((w) => wordsB.includes(w)) || wordsB.every((w) => wordsA.includes(w))) {
    return true;
  }
  const long = (words: string[]): string[] => words.filter((w) => w.length >= ALIKE_WORD);
  return long(wordsA).some((wa) => long(wordsB).some((wb) => alikeSpelling(wa, wb)));
};

export const birthDateSameness: Sameness = (a, b) => birthDateRelation(a, b) !== 'different';

export const exactSameness: Sameness = (a, b) => a === b;

/** Groups items whose keys are the same by `same`, largest group first, then by first seen. */
export function clusterBy<T>(items: readonly T[], key: (item: T) => string, same: Sameness): T[][] {
  const keys = [...new Set(items.map(key))];
  const root = keys.map((_k, i) => i);
  const find = (i: number): number => (root[i] === i ? i : (root[i] = find(root[i] ?? i)));
  for (let i = 0; i < keys.length; i++)
    for (let j = i + 1; j < keys.length; j++)
      if (same(keys[i] ?? '', keys[j] ?? '')) root[find(j)] = find(i);
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = find(keys.indexOf(key(item)));
    groups.set(group, [...(groups.get(group) ?? []), item]);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length);
}
