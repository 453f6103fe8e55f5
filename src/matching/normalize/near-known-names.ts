import { readBackMisread } from '../compare/misread';
import { ONE_EDIT_MIN_LENGTH } from '../compare/one-edit';

/**
 * Every known given name and every string one deletion away from one: a string is within one
 * edit of a known name (an insertion, a deletion, a replacement, two neighbours exchanged)
 * when it or one of its own deletions is here (the symmetric-deletion index). About 60,000
 * strings for the 7,500 names and the nickname table's; built once with the tables.
 */
export type NearNameIndex = ReadonlySet<string>;

export function nearNameIndex(names: Iterable<string>): NearNameIndex {
  const index = new Set<string>();
  for (const name of names) {
    index.add(name);
    if (name.length >= ONE_EDIT_MIN_LENGTH) for (const d of deletions(name)) index.add(d);
  }
  return index;
}

/**
 * An unknown given name is a known one mistyped or misread: within one edit of it, or so once
 * its OCR confusions are read back (`naricy` / nancy, `mrgaret` / margaret). A name of
 * several words is when each of its words is known or mistyped. What is neither is a name the
 * lists lack (Pooja, Khoa), not a typo: two of those that differ are two people's names.
 */
export function isMistypedName(
  index: NearNameIndex,
  isKnown: (word: string) => boolean,
  name: string,
): boolean {
  const words = name.split(' ');
  const near = (word: string): boolean =>
    isKnown(word) || withinOneEditOfIndexed(index, word) || isReadBack(index, isKnown, word);
  return words.every(near);
}

function isReadBack(index: NearNameIndex, isKnown: (word: string) => boolean, word: string) {
  const read = readBackMisread(word);
  return read !== word && (isKnown(read) || withinOneEditOfIndexed(index, read));
}

function withinOneEditOfIndexed(index: NearNameIndex, word: string): boolean {
  if (word.length < ONE_EDIT_MIN_LENGTH) return false;
  if (index.has(word)) return true;
  for (const d of deletions(word)) if (index.has(d)) return true;
  return false;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
