/**
 * Jaro and Jaro-Winkler similarity (Winkler 1990), the string comparator record linkage has
 * used on names since the US Census Bureau's matchers. Written here rather than taken from a
 * package because it is on the scoring hot path: no allocation per call (the match flags live
 * in buffers reused across calls) and UTF-16 code units compared directly, which is exact for
 * the folded, mostly Latin text the normalizers produce.
 */

/** Winkler's prefix scale and the longest common prefix that earns the bonus. */
const PREFIX_SCALE = 0.1;
const MAX_PREFIX = 4;

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

function ensureCapacity(lengthA: number, lengthB: number): void {
  if (flagsA.length < lengthA) flagsA = new Uint8Array(lengthA * 2);
  if (flagsB.length < lengthB) flagsB = new Uint8Array(lengthB * 2);
}

/** Jaro similarity in [0, 1]; 1 for equal strings, 0 when either is empty and they differ. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) return 0;
  ensureCapacity(lengthA, lengthB);
  flagsA.fill(0, 0, lengthA);
  flagsB.fill(0, 0, lengthB);
  const window = Math.max(0, (Math.max(lengthA, lengthB) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const code = a.charCodeAt(i);
    const end = Math.min(i + window + 1, lengthB);
    for (let j = Math.max(0, i - window); j < end; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === code) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < lengthA; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  const transpositions = halfTranspositions >> 1;
  return (matches / lengthA + matches / lengthB + (matches - transpositions) / matches) / 3;
}

/** Jaro-Winkler similarity in [0, 1]: Jaro raised for a common prefix of up to 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  const similarity = jaro(a, b);
  if (similarity === 0 || similarity === 1) return similarity;
  const limit = Math.min(MAX_PREFIX, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return similarity + prefix * PREFIX_SCALE * (1 - similarity);
}
