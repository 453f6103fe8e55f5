import { Random } from '../seeded-random';
import { keyboardNeighbours, swapDayMonth } from '../text-errors';
import { FAMILY_FACTS } from './family-facts';
import { OCR_CONFUSIONS, PHONETIC_VARIANTS } from './noise-tables';

/**
 * pseudopeople's column noise as its documentation describes it: each noise type touches a
 * cell with the cell probability; token noise then changes each eligible token (a character,
 * or a table's pattern) with the token probability. The functions are pure given the random.
 */

/** Typos: each character, with the token probability, is replaced by a neighbouring key, or
 * (one time in ten) has a neighbouring key inserted next to it. */
export function makeTypos(value: string, random: Random): string {
  let out = '';
  for (const c of value) {
    if (!/[a-z0-9]/i.test(c) || !random.chance(FAMILY_FACTS.tokenNoise)) {
      out += c;
      continue;
    }
    const keys = keyboardNeighbours(c.toLowerCase());
    const key = keys.charAt(random.int(keys.length));
    const typed = c === c.toLowerCase() ? key : key.toUpperCase();
    out += random.chance(FAMILY_FACTS.typoInsert) ? c + typed : typed;
  }
  return out;
}

/** Longer patterns first and never overlapping, as pseudopeople replaces its table tokens. */
function replaceTokens(
  value: string,
  table: readonly (readonly [string, string])[],
  random: Random,
): string {
  const patterns = [...table].sort((a, b) => b[0].length - a[0].length);
  let out = '';
  for (let i = 0; i < value.length;) {
    const hit = patterns.find(([from]) => value.startsWith(from, i));
    if (hit && random.chance(FAMILY_FACTS.tokenNoise)) {
      out += hit[1];
      i += hit[0].length;
    } else {
      out += value.charAt(i);
      i += 1;
    }
  }
  return out;
}

export function makeOcrErrors(value: string, random: Random): string {
  return replaceTokens(value, OCR_CONFUSIONS, random);
}

/** Phonetic errors match lower case only (pseudopeople's loader), so a capital is never touched. */
export function makePhoneticErrors(value: string, random: Random): string {
  return replaceTokens(value, PHONETIC_VARIANTS, random);
}

/** Each digit, with the token probability, becomes another digit. */
export function writeWrongDigits(value: string, random: Random): string {
  return value.replace(/\d/g, (d) =>
    random.chance(FAMILY_FACTS.tokenNoise) ? String((Number(d) + random.between(1, 9)) % 10) : d,
  );
}

function isCalendarDate(iso: string): boolean {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso);
}

/**
 * Wrong digits in a birth date that is still a calendar date, as a registration form accepts
 * only those; a few tries, else the date stays as it was.
 */
export function writeWrongDateDigits(isoDate: string, random: Random): string {
  for (let attempt = 0; attempt < 5; attempt++) {
    const written = writeWrongDigits(isoDate, random);
    if (isCalendarDate(written)) return written;
  }
  return isoDate;
}

/** ZIP digits are miswritten more often at the end (pseudopeople's digit probabilities). */
export function writeWrongZipDigits(zip: string, random: Random): string {
  return [...zip]
    .map((d, i) =>
      /\d/.test(d) && random.chance(FAMILY_FACTS.zipDigit[i] ?? 0)
        ? String((Number(d) + random.between(1, 9)) % 10)
        : d,
    )
    .join('');
}

/** Month and day exchanged; a date whose day is above 12 cannot be swapped and stays. */
export function swapMonthAndDay(isoDate: string): string {
  return swapDayMonth(isoDate) ?? isoDate;
}
