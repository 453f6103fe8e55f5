import { NicknameTable } from './nickname-table';
import { foldText } from './text-fold';

/**
 * The given names people are actually called (data/reference/given-names: US names with at
 * least 2,000 births), to tell a typo from another person's name. One name a line.
 */
export type KnownGivenNames = ReadonlySet<string>;

export function parseKnownGivenNames(text: string): KnownGivenNames {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const name = foldText(line);
    if (name !== '') names.add(name);
  }
  return names;
}

/**
 * Whether a folded given name is a real name: listed, or a nickname the nickname table knows
 * (`bill`). A name of several words counts when each word does (`mary ann`, not `le ah`).
 */
export function isKnownGivenName(
  names: KnownGivenNames,
  nicknames: NicknameTable,
  givenName: string,
): boolean {
  const known = (name: string): boolean => names.has(name) || nicknames.groups.has(name);
  return known(givenName) || (givenName.includes(' ') && givenName.split(' ').every(known));
}
