import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMistypedName, nearNameIndex } from '../../src/matching/normalize/near-known-names';

describe('an unknown given name: mistyped or a name our lists lack', () => {
  const known = new Set(['margaret', 'nancy', 'sarah', 'priya', 'mary', 'ann', 'benjamin']);
  const index = nearNameIndex(known);
  const isKnown = (word: string) => known.has(word);
  const rows: [string, boolean][] = [
    ['mrgaret', true],
    ['bejamin', true],
    ['sarfah', true],
    ['naricy', true],
    ['rnary', true],
    ['mary anm', true],
    ['pooja', false],
    ['khoa', false],
    ['mary khoa', false],
    ['ao', false],
  ];
  for (const [name, mistyped] of rows) {
    it(`${name} -> ${mistyped ? 'mistyped' : 'a name of its own'}`, () => {
      assert.equal(isMistypedName(index, isKnown, name), mistyped);
    });
  }
});
