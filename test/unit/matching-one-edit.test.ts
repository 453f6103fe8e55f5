import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withinOneEdit } from '../../src/matching/compare/one-edit';

describe('withinOneEdit', () => {
  const rows: [string, string, boolean][] = [
    ['ryan', 'rysn', true], // replaced
    ['ryan', 'rayn', true], // adjacent letters exchanged
    ['ryan', 'ryann', true], // inserted at the end
    ['ryan', 'bryan', true], // inserted at the start
    ['lowe', 'loew', true], // exchanged at the end
    ['ryan', 'ryan', false], // equal is not a typo
    ['ryan', 'rsyn', false], // two replaced
    ['ryan', 'nary', false],
    ['ryan', 'ryanne', false], // two inserted
    ['ryan', 'yran', true],
    ['abc', 'cba', false], // not adjacent
    ['li', 'lu', false], // too short to tell from another name
    ['al', 'ali', false],
    ['', 'a', false],
  ];
  for (const [a, b, expected] of rows) {
    it(`${a} / ${b} -> ${expected}`, () => {
      assert.equal(withinOneEdit(a, b), expected);
      assert.equal(withinOneEdit(b, a), expected, 'symmetric');
    });
  }
});
