import { NicknameTable } from './nickname-table';
import { foldText } from './text-fold';

/**
 * The given names people are actually called (data/reference/given-names: US names with at
 * least 5,000 births), to tell a typo from another person's name, with the share of those
 * births that were girls, to tell whose name it is when a record carries no sex.
 */
export type KnownGivenNames = ReadonlyMap<string, number>;

/** A name given to this share of one sex's births or more is that sex's name. */
const ONE_SEX_SHARE = 0.95;

/**
 * Reads `name,female,male` (births of each sex) with a header line. Rows that do not parse
 * fail the boot: matching without the table would quietly differ.
 */
export function parseKnownGivenNames(csv: string): KnownGivenNames {
  const names = new Map<string, number>();
  const lines = csv.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const [raw, female, male] = line.split(',');
    const girls = Number(female);
    const boys = Number(male);
    const name = foldText(raw ?? '');
    if (name === '' || !(girls >= 0) || !(boys >= 0) || girls + boys === 0)
      throw new Error(`given names, line ${i + 1}: expected name,female,male births`);
    names.set(name, girls / (girls + boys));
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

/**
 * The sex a folded given name is given to, when nearly all its births were of one sex (`ruby`
 * female, `jacob` male, `jordan` neither); a name of several words goes by its first.
 */
export function sexOfGivenName(
  names: KnownGivenNames,
  givenName: string,
): 'female' | 'male' | null {
  const space = givenName.indexOf(' ');
  const share = names.get(space < 0 ? givenName : givenName.slice(0, space));
  if (share === undefined) return null;
  if (share >= ONE_SEX_SHARE) return 'female';
  return share <= 1 - ONE_SEX_SHARE ? 'male' : null;
}
