import { Random } from './seeded-random';

/** The four single-character edits (Damerau's) that account for most keying errors. */
export const TYPO_KINDS = ['insert', 'delete', 'substitute', 'transpose'] as const;
export type TypoKind = (typeof TYPO_KINDS)[number];

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Letters next to a key on a US keyboard: most substitutions hit a neighbour. */
export function keyboardNeighbours(letter: string): string {
  for (const [r, row] of KEYBOARD_ROWS.entries()) {
    const i = row.indexOf(letter);
    if (i < 0) continue;
    const around = [row[i - 1], row[i + 1], KEYBOARD_ROWS[r - 1]?.[i], KEYBOARD_ROWS[r + 1]?.[i]];
    return around.filter((c): c is string => c !== undefined).join('');
  }
  return 'etaoinsr';
}

function otherLetter(original: string, random: Random): string {
  const lower = original.toLowerCase();
  const choices = [...keyboardNeighbours(lower)].filter((c) => c !== lower);
  const letter = random.pick(choices.length > 0 ? choices : ['e']);
  return original === lower ? letter : letter.toUpperCase();
}

/** Typists rarely miss the first letter, so edits land after it when the word allows. */
function position(value: string, random: Random, lastOffset: number): number {
  const last = value.length - lastOffset;
  return last >= 1 ? random.between(1, last) : 0;
}

/**
 * One edit of the given kind; the result always differs from the input. A transpose with
 * no two different neighbours, or a delete of a one-letter value, falls back to substitute.
 */
export function applyTypo(value: string, kind: TypoKind, random: Random): string {
  if (value.length === 0) return value;
  if (kind === 'insert') {
    const at = position(value, random, 0);
    const near = value[Math.max(0, at - 1)] ?? 'e';
    return value.slice(0, at) + otherLetter(near, random) + value.slice(at);
  }
  if (kind === 'delete' && value.length > 1) {
    const at = position(value, random, 1);
    return value.slice(0, at) + value.slice(at + 1);
  }
  if (kind === 'transpose') {
    const spots = [...value].flatMap((c, i) =>
      i > 0 && value[i + 1] && value[i + 1] !== c ? [i] : [],
    );
    const at = spots.length > 0 ? random.pick(spots) : -1;
    if (at >= 0) return value.slice(0, at) + value[at + 1] + value[at] + value.slice(at + 2);
  }
  const at = position(value, random, 1);
  return value.slice(0, at) + otherLetter(value[at] ?? 'e', random) + value.slice(at + 1);
}

/**
 * `YYYY-MM-DD` with day and month exchanged, when that is still a calendar date and differs
 * (day 1..12, day != month); null otherwise, since a form would refuse the swapped value.
 */
export function swapDayMonth(isoDate: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return null;
  const [, year, month, day] = match;
  if (day === month || Number(day) > 12) return null;
  return `${year}-${day}-${month}`;
}

/** One digit of a value replaced by another digit (a misread or mistyped digit). */
export function digitTypo(value: string, random: Random): string {
  const digits = [...value].flatMap((c, i) => (/\d/.test(c) ? [i] : []));
  if (digits.length === 0) return value;
  const at = random.pick(digits);
  const old = Number(value[at]);
  const replacement = (old + random.between(1, 9)) % 10;
  return value.slice(0, at) + String(replacement) + value.slice(at + 1);
}

/** The synthetic population lives on a fixed date so its output never depends on the clock. */
export const LATEST_BIRTH_DATE = '2025-01-01';

function isCalendarDate(iso: string): boolean {
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(iso);
}

/** One mistyped digit in the year's last digit or the day, kept to valid past dates; else null. */
export function birthDateTypo(isoDate: string, random: Random): string | null {
  for (let attempt = 0; attempt < 5; attempt++) {
    const at = random.pick([3, 8, 9]);
    const candidate = digitTypo(isoDate[at] ?? '0', random);
    const changed = isoDate.slice(0, at) + candidate + isoDate.slice(at + 1);
    if (changed !== isoDate && changed < LATEST_BIRTH_DATE && isCalendarDate(changed)) {
      return changed;
    }
  }
  return null;
}
