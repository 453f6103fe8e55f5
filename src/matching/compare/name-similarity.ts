import { MatchFeatures } from '../record-types';
import { jaroWinkler } from './jaro-winkler';
import { withinOneEdit } from './one-edit';

/** Small predicates shared by the name and text comparisons. */

/** True when one value is a single character that starts the other (`j` and `john`). */
export function isInitialOf(a: string, b: string): boolean {
  if (a.length === 0 || b.length === 0) return false;
  if (a.length !== 1 && b.length !== 1) return false;
  return a.charCodeAt(0) === b.charCodeAt(0);
}

/** True when the two lists share an element; lists are a few words long. */
export function shareAny(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) {
    for (const y of b) if (x === y) return true;
  }
  return false;
}

/** True when both are non-null and equal. */
export function sameNonNull(a: string | null, b: string | null): boolean {
  return a !== null && a === b;
}

type GivenNameFeatures = Pick<MatchFeatures, 'given' | 'givenCanonical' | 'givenNicknameGroup'>;

/**
 * Same given name by the nickname table: the nickname groups share a formal name (`ron` and
 * `ronald`), or, for features without groups, equal canonical names or one side's canonical
 * name is the other's name as written (`mike` -> michael against `michael`). A name's short
 * form counts too, where the table lacks it (isShortForm: Finn / Finnegan, Xander / Alexander).
 */
export function sameGivenName(a: GivenNameFeatures, b: GivenNameFeatures): boolean {
  if (compoundNamesDiffer(a.given, b.given)) return false;
  if (sameNonNull(a.givenCanonical, b.givenCanonical)) return true;
  if (formalFormOfOther(a, b)) return true;
  const groupA = a.givenNicknameGroup;
  const groupB = b.givenNicknameGroup;
  if (groupA !== undefined && groupB !== undefined && shareAny(groupA, groupB)) return true;
  return isShortForm(a.given, b.given) || isShortForm(b.given, a.given);
}

/**
 * One given name is the formal name the other stands for (Jenny / Jennifer), not a sibling
 * form of a third (Maria / Molly, both Mary's).
 */
export function formalFormOfOther(a: GivenNameFeatures, b: GivenNameFeatures): boolean {
  return sameNonNull(a.givenCanonical, b.given) || sameNonNull(a.given, b.givenCanonical);
}

/** Fewest letters a short form keeps from the start of a name (Sam, Finn), and from its end. */
const SHORT_FORM_START = 3;
const SHORT_FORM_END = 4;
/** Fewest letters it drops: Ann / Anna, Ryan / Bryan are spellings (or two names), not a short form. */
const SHORT_FORM_DROPS = 2;

/**
 * `short` is the start (Finn / Finnegan, Alex / Alexander) or the end (Xander / Alexander,
 * Bella / Isabella) of `name`, keeping enough letters and dropping enough to be a name's
 * clipped form, the way people shorten names the nickname table does not list. A short end
 * needs more letters than a short start: a few letters end many names (Ian / Brian, Ann /
 * Leann), while a name's first syllables are the name.
 */
export function isShortForm(short: string | null, name: string | null): boolean {
  if (short === null || name === null) return false;
  if (name.length - short.length < SHORT_FORM_DROPS) return false;
  if (short.length >= SHORT_FORM_START && name.startsWith(short)) return true;
  return short.length >= SHORT_FORM_END && name.endsWith(short);
}

/** Jaro-Winkler at which two words of compound given names are one word mistyped. */
const COMPOUND_WORD_ALIKE = 0.88;

/**
 * Two compound given names, each of two words or more, with a word of its own the other lacks
 * (not one word mistyped): Ana Sofia / Ana Lucia, Juan Carlos / Juan Pablo are two names, as
 * twins and brothers get them, though the nickname table knows their first words as one.
 */
export function compoundNamesDiffer(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a === b) return false;
  const x = a.split(/[\s-]+/);
  const y = b.split(/[\s-]+/);
  if (x.length < 2 || y.length < 2) return false;
  const ownWord = (words: string[], others: string[]): boolean =>
    words.some((w) => !others.some((o) => o === w || jaroWinkler(o, w) >= COMPOUND_WORD_ALIKE));
  return ownWord(x, y) || ownWord(y, x);
}

/**
 * Jaro-Winkler from which the second cross of a swap is one name, mistyped at most: Freddie /
 * Fdedrie (0.86) is a typo, Patricia / Javon (0.44) are two names.
 */
const SWAP_CROSS_ALIKE = 0.8;

/**
 * Given and family name written the other way round on one side (`quilliam ashleigh`): one
 * side's given field holds the other's family name exactly, and its family field holds the
 * other's given or middle name (Zhang Wei against Kevin Wei Zhang), mistyped at most, or is
 * empty (the name moved into the other field). A family name in the given field over another
 * name is a relative's surname as someone's given name (Mensah Javon against Patricia Mensah):
 * two people of one family, not a swap.
 */
export function namesSwapped(a: MatchFeatures, b: MatchFeatures): boolean {
  return familyNameAsGiven(a, b) || familyNameAsGiven(b, a);
}

/** `b` has `a`'s family name as its given name, and its own family name is `a`'s first names. */
function familyNameAsGiven(a: MatchFeatures, b: MatchFeatures): boolean {
  if (!sameNonNull(a.family, b.given)) return false;
  if (b.family === null || (a.given === null && a.middle === null)) return true;
  return alikeOrSame(a.given, b.family) || alikeOrSame(a.middle, b.family);
}

function alikeOrSame(x: string | null, y: string): boolean {
  return x !== null && jaroWinkler(x, y) >= SWAP_CROSS_ALIKE;
}

/**
 * Given and family name exchanged on one side, exactly (namesSwapped) or with a typo in
 * either: both cross pairs (a's given with b's family, a's family with b's given) reach the
 * Jaro-Winkler `threshold`. Clerks swap the fields and mistype the names in the same record
 * (`haroey loew` against `lowe harley`); both crosses must agree, so a shared surname alone
 * never counts. `threshold` undefined: exact swaps only.
 */
export function namesSwappedAlike(
  a: MatchFeatures,
  b: MatchFeatures,
  threshold: number | undefined,
): boolean {
  if (namesSwapped(a, b)) return true;
  if (threshold === undefined) return false;
  if (a.given === null || a.family === null || b.given === null || b.family === null) return false;
  return jaroWinkler(a.given, b.family) >= threshold && jaroWinkler(a.family, b.given) >= threshold;
}

/**
 * Two different real names (known-given-names.ts) alike by Jaro-Winkler at `threshold`, one
 * edit or sound: Aiden / Aidan, the names parents give twins, or a spelling variant.
 */
export function alikeNames(a: MatchFeatures, b: MatchFeatures, threshold: number): boolean {
  if (a.givenKnown !== true || b.givenKnown !== true) return false;
  const x = a.given ?? '';
  const y = b.given ?? '';
  return (
    jaroWinkler(x, y) >= threshold ||
    withinOneEdit(x, y) ||
    sameNonNull(a.givenMetaphone, b.givenMetaphone)
  );
}

/** Words of a name field long enough to be a name of their own (not `de`, `del`, an initial). */
function nameWords(value: string | null): string[] {
  return value === null ? [] : value.split(/[\s-]+/).filter((word) => word.length > 3);
}

/**
 * The given and middle names read together are one sequence of words: a compound given name
 * written in one field or over two (Juan Carlos / Juan + Carlos, Mary Ann / Mary + Ann). Twins
 * never share it, so it is the person's own name, not a crossing.
 */
export function sameFullName(a: MatchFeatures, b: MatchFeatures): boolean {
  if (a.given === null || b.given === null) return false;
  // Words joined without a separator: a hyphen or space written, dropped or moved between the
  // fields (Ye-jin / Ye + Jin, Maryann / Mary + Ann) leaves the same letters in the same order.
  const full = (f: MatchFeatures): string | null => joined(`${f.given ?? ''}${f.middle ?? ''}`);
  return full(a) === full(b);
}

/**
 * Two different given names, and one record's given name (or a word of it) is among the
 * other's given and middle names: a person who goes by a middle name (James Tyler / Tyler), a
 * compound given name split over two fields (Juan Carlos / Juan + Carlos, Maria del Carmen /
 * Carmen), given and middle names in the other order (Anna Sophia / Sophia Anna), a home-
 * country name kept as the middle name (Kevin Minh / Minh, Jenny Jiwoo / Ji-woo).
 */
export function namesCrossed(a: MatchFeatures, b: MatchFeatures): boolean {
  if (a.given === null || b.given === null || a.given === b.given) return false;
  const all = (f: MatchFeatures): string[] => [...nameWords(f.given), ...nameWords(f.middle)];
  const inOther = (x: MatchFeatures, y: MatchFeatures): boolean => {
    const others = all(y);
    const given = joined(x.given);
    return (
      nameWords(x.given).some((word) => others.includes(word)) ||
      fieldNames(y).some((name) => name === given)
    );
  };
  return inOther(a, b) || inOther(b, a);
}

/** A name field without its spaces and hyphens: Ji-woo, Ji Woo and Jiwoo are one name. */
function joined(value: string | null): string | null {
  return value === null ? null : value.replace(/[\s-]+/g, '');
}

/** A record's given and middle name fields, each read as one name (joined). */
function fieldNames(f: MatchFeatures): string[] {
  return [joined(f.given), joined(f.middle)].filter(
    (name): name is string => name !== null && name.length > 1,
  );
}

/** Joining words of a compound name (Maria del Carmen), not names of their own. */
const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'da',
  'do',
  'dos',
  'y',
]);

/** A record's given and middle names as a set of words, initials and particles left out. */
function ownNames(f: MatchFeatures): Set<string> {
  const words = [f.given, f.middle].flatMap((part) => (part === null ? [] : part.split(/[\s-]+/)));
  return new Set(words.filter((word) => word.length > 1 && !NAME_PARTICLES.has(word)));
}

/**
 * Every name of one record is among the other's: the same person going by some of their names
 * (Tyler of James Tyler, Carmen of Maria del Carmen) or writing them in another order (Anna
 * Sophia / Sophia Anna). Two people of one home have names of their own the other lacks.
 */
export function namesWithinOther(a: MatchFeatures, b: MatchFeatures): boolean {
  const within = (s: Set<string>, t: Set<string>): boolean =>
    s.size > 0 && t.size > 0 && [...s].every((w) => t.has(w));
  const [x, y] = [ownNames(a), ownNames(b)];
  // Word by word (Maria del Carmen / Carmen), or field by field for names whose words are
  // syllables written apart or together (Ji-woo / Jenny Jiwoo).
  const [u, v] = [new Set(fieldNames(a)), new Set(fieldNames(b))];
  return within(x, y) || within(y, x) || within(u, v) || within(v, u);
}

/**
 * A middle initial that stands for one of the other record's given or middle names, while every
 * name of one record is among the other's (Kwame J / Joseph Kwame: goes by the middle name, the
 * given name kept as its initial).
 */
export function initialAmongCrossedNames(a: MatchFeatures, b: MatchFeatures): boolean {
  if (!namesWithinOther(a, b)) return false;
  const starts = (initial: string | null, f: MatchFeatures): boolean =>
    initial !== null &&
    initial.length === 1 &&
    [f.given, f.middle].some((name) => name !== null && name.startsWith(initial));
  return starts(a.middle, b) || starts(b.middle, a);
}
