import { NewbornPlaceholder, newbornPlaceholder } from './newborn-placeholder';
import { NicknameTable, canonicalGivenName } from './nickname-table';
import { NO_NON_NAMES, NonNames } from './non-names';
import { foldOrNull, foldText } from './text-fold';

/**
 * Person names: folded text, a generational suffix pulled out of the family name
 * (`Smith Jr.` -> smith + jr), family-name parts for compound and hyphenated names
 * (`García-López` -> garcia lopez, parts [garcia, lopez]) and a canonical given name from
 * the nickname table.
 */
export interface NormalizedName {
  givenName: string | null;
  givenCanonical: string | null;
  /** Formal names the given name may stand for; empty when the table does not know it. */
  givenNicknameGroup: string[];
  middleName: string | null;
  familyName: string | null;
  familyParts: string[];
  suffix: string | null;
  /** Set when the given name was a newborn placeholder (then givenName is null). */
  newbornPlaceholder: NewbornPlaceholder | null;
  /** Name fields whose value named no one (non-names.ts), dropped. */
  nonNames: ('given_name' | 'family_name')[];
}

export interface RawName {
  given?: string;
  middle?: string;
  family?: string;
  suffix?: string;
}

/** Spellings of generational suffixes, folded, to their one canonical form. */
const GENERATIONAL_SUFFIXES: ReadonlyMap<string, string> = new Map([
  ['jr', 'jr'],
  ['jnr', 'jr'],
  ['junior', 'jr'],
  ['sr', 'sr'],
  ['snr', 'sr'],
  ['senior', 'sr'],
  ['ii', 'ii'],
  ['2nd', 'ii'],
  ['iii', 'iii'],
  ['3rd', 'iii'],
  ['iv', 'iv'],
  ['4th', 'iv'],
  ['v', 'v'],
  ['5th', 'v'],
]);

/**
 * Suffixes recognised at the end of a family name. A lone `v` is left alone there: in a
 * name it is more often an initial than "the fifth".
 */
const PULLED_FROM_FAMILY = new Set([
  'jr',
  'jnr',
  'junior',
  'sr',
  'snr',
  'senior',
  'ii',
  'iii',
  'iv',
]);

/** Particles kept in the family name but not counted as parts (`de la cruz` -> [cruz]). */
// prettier-ignore
const PARTICLES = new Set([
  'al', 'bin', 'da', 'das', 'de', 'del', 'della', 'den', 'der', 'di', 'do', 'dos', 'du', 'e',
  'el', 'ibn', 'la', 'las', 'le', 'los', 'ter', 'van', 'von', 'y',
]);

/** Titles dropped from the front of a given name (`Dr John` -> john). */
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev', 'sir']);

export function normalizeName(
  raw: RawName,
  nicknames: NicknameTable,
  nonNames: NonNames = NO_NON_NAMES,
): NormalizedName {
  const dropped: NormalizedName['nonNames'] = [];
  const writtenFamily = foldText(raw.family ?? '');
  const familyNamesNoOne = nonNames.family.has(writtenFamily);
  if (familyNamesNoOne) dropped.push('family_name');
  const family = splitFamilyName(familyNamesNoOne ? '' : writtenFamily);
  const titled = dropTitle(foldText(raw.given ?? ''));
  const givenNamesNoOne = titled !== null && nonNames.given.has(titled);
  if (givenNamesNoOne) dropped.push('given_name');
  const written = givenNamesNoOne ? null : titled;
  const placeholder = written === null ? null : newbornPlaceholder(written);
  const givenName = placeholder === null ? written : null;
  const ownSuffix = foldOrNull(raw.suffix);
  return {
    givenName,
    givenCanonical: givenName === null ? null : canonicalGiven(nicknames, givenName),
    givenNicknameGroup: givenName === null ? [] : givenGroup(nicknames, givenName),
    middleName: foldOrNull(raw.middle),
    familyName: family.name,
    familyParts: family.parts,
    suffix: ownSuffix === null ? family.suffix : normalizeSuffix(ownSuffix),
    newbornPlaceholder: placeholder,
    nonNames: dropped,
  };
}

/** One canonical spelling of a folded suffix (`junior` -> jr, `3rd` -> iii); others kept. */
export function normalizeSuffix(folded: string): string {
  return GENERATIONAL_SUFFIXES.get(folded) ?? folded;
}

/**
 * The generation a canonical suffix names, as comparisons read it: `II` names the second of a
 * name as `Jr` does (II is written for a namesake of a grandfather or an uncle, and families
 * use the two interchangeably), so a Jr and a II are one generation, not a father and his son.
 */
export function suffixGeneration(suffix: string | null): string | null {
  return suffix === 'ii' ? 'jr' : suffix;
}

/** The whole given name when the table knows it (`k c`), else its first word mapped. */
export function canonicalGiven(nicknames: NicknameTable, givenName: string): string {
  const whole = canonicalGivenName(nicknames, givenName);
  if (whole !== givenName) return whole;
  const space = givenName.indexOf(' ');
  if (space < 0) return givenName;
  return canonicalGivenName(nicknames, givenName.slice(0, space)) + givenName.slice(space);
}

/** The group of the whole given name when the table knows it, else of its first word. */
export function givenGroup(nicknames: NicknameTable, givenName: string): string[] {
  const whole = nicknames.groups.get(givenName);
  if (whole !== undefined) return [...whole];
  const space = givenName.indexOf(' ');
  const first = space < 0 ? undefined : nicknames.groups.get(givenName.slice(0, space));
  return first === undefined ? [] : [...first];
}

export interface FamilyName {
  name: string | null;
  parts: string[];
  suffix: string | null;
}

/** Splits a folded family name into its name, parts and a trailing generational suffix. */
export function splitFamilyName(folded: string): FamilyName {
  const words = folded === '' ? [] : folded.split(' ');
  let suffix: string | null = null;
  // A loop, so `smith jr jr` folds the same way as `smith jr` (normalizing stays idempotent).
  for (let last = words.at(-1); words.length > 1 && last !== undefined; last = words.at(-1)) {
    if (!PULLED_FROM_FAMILY.has(last)) break;
    suffix ??= normalizeSuffix(last);
    words.pop();
  }
  if (words.length === 0) return { name: null, parts: [], suffix };
  const parts = words.filter((word) => !PARTICLES.has(word));
  return { name: words.join(' '), parts: parts.length > 0 ? parts : words, suffix };
}

function dropTitle(folded: string): string | null {
  if (folded === '') return null;
  let rest = folded;
  for (let space = rest.indexOf(' '); space > 0; space = rest.indexOf(' ')) {
    if (!TITLES.has(rest.slice(0, space))) break;
    rest = rest.slice(space + 1);
  }
  return rest;
}
