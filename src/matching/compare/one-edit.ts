/**
 * "One typo apart" for names: one character inserted, deleted or replaced, or two adjacent
 * characters exchanged (optimal string alignment distance 1). Jaro-Winkler forgives a typo in
 * a long name but not in a short one -- `ryan` / `rysn` scores 0.88, under the 0.92 a name
 * level asks -- and keyboards make typos in short names as often as in long ones. Linear, no
 * allocation: it runs on the scoring hot path.
 */

/** Shorter names than this are too short for a typo to be told from another name (li / lu). */
export const ONE_EDIT_MIN_LENGTH = 3;

/** True when the two differ by exactly one edit (equal strings are not one edit apart). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.min(la, lb) < ONE_EDIT_MIN_LENGTH || Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    // Replaced character: the rest is equal after it.
    if (sameTail(a, i + 1, b, i + 1)) return true;
    // Adjacent transposition: ab / ba, then the rest equal.
    return (
      i + 1 < la &&
      a.charCodeAt(i) === b.charCodeAt(i + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(i) &&
      sameTail(a, i + 2, b, i + 2)
    );
  }
  // One character more on the longer side: skip it, the rest is equal.
  return la > lb ? sameTail(a, i + 1, b, i) : sameTail(a, i, b, i + 1);
}

/** a from index i equals b from index j (no substring allocated). */
function sameTail(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}
