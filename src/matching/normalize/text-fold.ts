/**
 * The one text fold every free-text field goes through before comparison: lower case, accents
 * stripped, apostrophes (the Hawaiian ʻokina too: `Kaʻiulani` -> `kaiulani`) and periods dropped
 * (`O'Brien` -> `obrien`, `K.C.` -> `kc`), any other
 * run of punctuation or space collapsed to one space. Letters of every script survive, so a
 * name written in Cyrillic is folded, not erased.
 */

/** Text that is already lower-case ASCII letters, digits and single spaces needs no work. */
const ALREADY_FOLDED = /^[a-z0-9]+(?: [a-z0-9]+)*$/;
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
const DROPPED = /['.`\u2018\u2019\u02bb\u02bc]/g;
const SEPARATORS_ASCII = /[^a-z0-9]+/g;
const SEPARATORS_ANY = /[^\p{L}\p{N}]+/gu;
const COMBINING_MARKS = /\p{M}/gu;

/** Letters that canonical decomposition leaves alone but a person would write plainly. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
};
const FOLDABLE_LETTERS = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');

/** Folds text for comparison; returns '' when nothing comparable is left. */
export function foldText(raw: string): string {
  if (ALREADY_FOLDED.test(raw)) return raw;
  if (PLAIN_ASCII.test(raw)) {
    return raw.toLowerCase().replace(DROPPED, '').replace(SEPARATORS_ASCII, ' ').trim();
  }
  // Lower-case before and after NFKD: lower-casing can add marks (U+0130 -> i + U+0307) and
  // compatibility decomposition can add capitals (U+2121 -> TEL).
  return raw
    .toLowerCase()
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(FOLDABLE_LETTERS, (letter) => LETTER_FOLDS[letter] ?? letter)
    .replace(DROPPED, '')
    .replace(SEPARATORS_ANY, ' ')
    .trim();
}

/** The folded text or null when nothing is left. */
export function foldOrNull(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const folded = foldText(raw);
  return folded === '' ? null : folded;
}
