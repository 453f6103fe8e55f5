import { withinOneEdit } from './one-edit';

/**
 * A name misread by optical character recognition: scanned and faxed forms turn one letter
 * into two (`m` read as `rn`, `n` as `ri`, `d` as `cl`, `w` as `vv`, `k` as `lc`, `b` as
 * `lo`) and letters into digits (`S` as `5`, `o` as `0`, `l` as `1`). A single-character
 * confusion is already one edit; the two-character ones are two edits, which no typo level
 * forgives. The confusions are those GeCo's OCR table lists (Tran, Vatsalan, Christen, CIKM
 * 2013), the table pseudopeople draws its OCR errors from (research notes, population facts
 * §1.4). Both sides are read back the same way, so a name that really holds `rn` (Bernard)
 * stays comparable with itself; the callers ask it only where a typo level would, after the
 * levels that tell real names apart.
 */
const SEQUENCES: readonly (readonly [string, string])[] = [
  ['iii', 'm'],
  ['rn', 'm'],
  ['ri', 'n'],
  ['cl', 'd'],
  ['vv', 'w'],
  ['lc', 'k'],
  ['lo', 'b'],
];

const CHARACTERS: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'l',
  '2': 'z',
  '4': 'a',
  '5': 's',
  '6': 'g',
  '8': 'b',
  '9': 'g',
  '|': 'l',
};

const CONFUSABLE = /iii|rn|ri|cl|vv|lc|lo|[0-9|]/;

/** The name as its OCR confusions read back (lower-case input, as features hold names). */
export function readBackMisread(name: string): string {
  let text = name;
  for (const [misread, letter] of SEQUENCES)
    if (text.includes(misread)) text = text.split(misread).join(letter);
  return text.replace(/[0-9|]/g, (c) => CHARACTERS[c] ?? c);
}

/**
 * One typo apart, or one typo apart once each side's OCR confusions are read back
 * (`naricy` / `nancy`, `jarnes` / `james`, `5ofia` / `sofia`).
 */
export function withinOneEditOrMisread(a: string, b: string): boolean {
  if (withinOneEdit(a, b)) return true;
  if (!CONFUSABLE.test(a) && !CONFUSABLE.test(b)) return false;
  const x = readBackMisread(a);
  const y = readBackMisread(b);
  return x === y ? a !== b : withinOneEdit(x, y);
}
