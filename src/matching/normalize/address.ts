import { ADDRESS_WORDS, STATE_NAMES, UNIT_FORMS, misspelledSuffix } from './address-words';
import { FieldResult, dropped, present } from './field-result';
import { foldText } from './text-fold';

/**
 * Addresses: folded text with one form per street suffix, directional and unit designator
 * (`123 North Main Street, Apartment #4` -> `123 n main st apt 4`); states by code; postal
 * codes as US 5-digit ZIPs or, for other countries, folded letters and digits.
 */

/** `#4`, `# 4`: the number sign before a unit number means "apartment". */
const NUMBER_SIGN = /#\s*/g;
const PO_BOX = /\b(?:p o|post office|postal) box\b/g;

export function normalizeAddressLine(raw: string): string | null {
  const folded = foldText(raw.replace(NUMBER_SIGN, ' apt ')).replace(PO_BOX, 'po box');
  if (folded === '') return null;
  const words: string[] = [];
  for (const word of folded.split(' ')) {
    const form = ADDRESS_WORDS.get(word) ?? word;
    // `apt #4` and `suite #4` name one unit once.
    if (UNIT_FORMS.has(form) && UNIT_FORMS.has(words.at(-1) ?? '')) continue;
    words.push(form);
  }
  return correctSuffixTypo(words).join(' ');
}

/**
 * A typo in the street suffix (`12 main xtreet`) would otherwise make the line disagree
 * with every clean copy of it. Only the word where a suffix stands is corrected: the line's
 * last, or the one before a unit (`12 main xtreet apt 4`), never the street's name.
 */
function correctSuffixTypo(words: string[]): string[] {
  const unitAt = words.findIndex((w, i) => i > 0 && UNIT_FORMS.has(w));
  const at = (unitAt > 0 ? unitAt : words.length) - 1;
  if (at < 1) return words;
  const suffix = misspelledSuffix(words[at] ?? '');
  if (suffix === undefined) return words;
  return [...words.slice(0, at), suffix, ...words.slice(at + 1)];
}

export function normalizeCity(raw: string): string | null {
  const folded = foldText(raw);
  return folded === '' ? null : folded;
}

/** A state's code (`California` -> ca, `New South Wales` -> nsw); unknown names kept folded. */
export function normalizeState(raw: string): string | null {
  const folded = foldText(raw);
  if (folded === '') return null;
  return STATE_NAMES.get(folded) ?? folded;
}

const US_ZIP = /^(\d{5})(?:-?\d{4})?$/;
const NOT_ALPHANUMERIC = /[^a-z0-9]+/g;
const ZIP_PLACEHOLDERS = new Set(['00000', '99999']);

/**
 * US ZIP and ZIP+4 -> the 5-digit ZIP (the +4 names a delivery route, which people do not
 * remember). Anything else keeps its folded letters and digits (`SW1A 1AA` -> sw1a1aa, FEBRL's
 * 4-digit Australian postcodes as they are).
 */
export function normalizePostalCode(raw: string): FieldResult<string> {
  const text = raw.trim();
  if (text === '') return present(null);
  const zip = US_ZIP.exec(text.replace(/\s+/g, ''));
  if (zip !== null) {
    const five = zip[1] ?? '';
    return ZIP_PLACEHOLDERS.has(five)
      ? dropped('postal_code is a placeholder, treated as missing')
      : present(five);
  }
  const folded = foldText(text).replace(NOT_ALPHANUMERIC, '');
  return folded === '' ? present(null) : present(folded);
}
