import { NicknameTable, canonicalGivenName } from '../matching/normalize/nickname-table';

/**
 * The best form of a winning cluster's value: each preference keeps the candidates it likes
 * best and, when it dropped some, says so for the provenance ("formal name of 'bill'").
 * Candidates are distinct folded values; `votes` lists the cluster's values, one per
 * registration, so a preference can count them.
 */
export interface Narrowed {
  kept: string[];
  note?: string;
}

export type Preference = (candidates: string[], votes: readonly string[]) => Narrowed;

/** How often people carry a folded name, in some population; 0 when unknown. */
export type NameFrequency = (folded: string) => number;

/** Values in a fixed order, so a reason reads the same whatever order records came in. */
const quoted = (values: readonly string[]): string =>
  [...values]
    .sort()
    .map((v) => `'${v}'`)
    .join(', ');

function keepBest(
  candidates: string[],
  score: (value: string) => number,
  note: (dropped: string[]) => string,
): Narrowed {
  const best = Math.max(...candidates.map(score));
  const kept = candidates.filter((c) => score(c) === best);
  const dropped = candidates.filter((c) => score(c) !== best);
  return dropped.length === 0 ? { kept } : { kept, note: note(dropped) };
}

/**
 * A nickname gives way to the formal name it stands for when both were registered: its
 * canonical name when that is longer (`bill` -> `william`, but not `deborah` -> `debbie`), or
 * a name the table says it may stand for. The table is noisy. It lists some pairs both ways
 * (`ray` / `raymond`, `mandy` / `amanda`, but also `mary` / `marie`, `sandra` / `cassandra`):
 * such a pair counts only when the longer name starts with the shorter (a shortening) or is
 * the more common name. It lists some names as nicknames of far rarer ones (`emily` of
 * `emil`): a name never gives way to one a tenth as common.
 */
export function formalName(nicknames: NicknameTable, frequency: NameFrequency): Preference {
  const group = (name: string): readonly string[] => nicknames.groups.get(name) ?? [];
  const farRarer = (b: string, a: string): boolean => frequency(b) * 10 < frequency(a);
  const listedAsFormal = (a: string, b: string): boolean => {
    if (canonicalGivenName(nicknames, a) === b && b.length > a.length) return true;
    if (!group(a).includes(b)) return false;
    if (!group(b).includes(a)) return true;
    return b.length > a.length && (b.startsWith(a) || frequency(b) > frequency(a));
  };
  const isNicknameOf = (a: string, b: string): boolean =>
    a !== b && listedAsFormal(a, b) && !farRarer(b, a);
  return (candidates) =>
    keepBest(
      candidates,
      (c) => (candidates.some((other) => isNicknameOf(c, other)) ? 0 : 1),
      (dropped) => `formal name of ${quoted(dropped)}`,
    );
}

/** Words of a name, an initial counting half: `mary ann` over `mary`, `james` over `j`. */
export function nameParts(folded: string): number {
  return folded.split(' ').reduce((sum, word) => sum + (word.length > 1 ? 1 : 0.5), 0);
}

/** More parts, not more characters: a typo's extra letter never makes a name more complete. */
export const mostParts: Preference = (candidates) =>
  keepBest(candidates, nameParts, (dropped) => `most complete form, over ${quoted(dropped)}`);

const words = (folded: string): string[] => folded.split(' ');

/**
 * The name whose words most registrations share, word by word: `thompson ward` over
 * `thompsonb ward` when another registration wrote `thompson`.
 */
export const partAgreement: Preference = (candidates, votes) =>
  keepBest(
    candidates,
    (c) =>
      votes.reduce((sum, vote) => sum + words(c).filter((w) => words(vote).includes(w)).length, 0),
    (dropped) => `its words registered most often, over ${quoted(dropped)}`,
  );

/** The spelling most registrations used. */
export const mostRegistered: Preference = (candidates, votes) =>
  keepBest(
    candidates,
    (c) => votes.filter((v) => v === c).length,
    (dropped) => `spelled so most often, over ${quoted(dropped)}`,
  );

/**
 * How common a name is; a compound name is as common as its rarest word, so a typo in any
 * word makes it rare.
 */
export function nameFrequency(frequency: NameFrequency): NameFrequency {
  return (folded) => frequency(folded) || Math.min(...words(folded).map(frequency));
}

/** The common spelling over a rare variant (a typo is seldom anyone's name). */
export function commonSpelling(frequency: NameFrequency): Preference {
  const common = nameFrequency(frequency);
  return (candidates) =>
    keepBest(candidates, common, (dropped) => `common spelling, over ${quoted(dropped)}`);
}

/**
 * The ISO date that agrees with most registrations part by part (year, month, day): of
 * 1980-07-04, 1980-07-04 and 1980-07-14 the first, which every registration's year and month
 * and two of their days support.
 */
export const datePartAgreement: Preference = (candidates, votes) => {
  const parts = (date: string): string[] => date.split('-');
  const agreement = (date: string): number =>
    votes.reduce(
      (sum, vote) => sum + parts(date).filter((part, i) => parts(vote)[i] === part).length,
      0,
    );
  return keepBest(
    candidates,
    agreement,
    (dropped) => `the date most registrations agree with part by part, over ${quoted(dropped)}`,
  );
};
