import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readBackMisread, withinOneEditOrMisread } from '../../src/matching/compare/misread';
import { withinOneEdit } from '../../src/matching/compare/one-edit';
import { definition, levelOf } from './matching-comparison-helpers';
import { features } from './matching-fixtures';

describe('names misread by OCR', () => {
  const rows: [string, string, boolean][] = [
    ['jarnes', 'james', true],
    ['naricy', 'nancy', true],
    ['maclison', 'madison', true],
    ['5ofia', 's0fia', true],
    ['robirison', 'robinson', true],
    ['dariiel', 'daniel', true],
    // A misreading plus one typo.
    ['jarnez', 'james', true],
    ['bernard', 'bernard', false],
    ['maria', 'mario', true],
    ['anna', 'hannah', false],
    ['clara', 'laura', false],
  ];
  for (const [a, b, expected] of rows) {
    it(`${a} / ${b}`, () => {
      assert.equal(withinOneEditOrMisread(a, b), expected);
      assert.equal(withinOneEditOrMisread(b, a), expected);
    });
  }

  it('reads back the two-letter confusions and the digits', () => {
    assert.equal(readBackMisread('rnary'), 'mary');
    assert.equal(readBackMisread('wi11iam'), 'william');
    assert.equal(readBackMisread('vvalter'), 'walter');
  });

  it('forgives every name one edit apart, as the typo level did', () => {
    const name = fc.stringMatching(/^[a-z]{3,10}$/);
    fc.assert(
      fc.property(name, name, (a, b) => !withinOneEdit(a, b) || withinOneEditOrMisread(a, b)),
    );
  });

  it('misreads only where one given name is no real name', () => {
    const def = definition('given-name', ['exact', 'one-edit']);
    const given = (name: string, known: boolean) => features({ given: name, givenKnown: known });
    assert.equal(levelOf(def, given('jarnes', false), given('james', true)), 'one-edit');
    // aria read back is ana: two real names, for the levels that tell names apart.
    assert.equal(levelOf(def, given('aria', true), given('ana', true)), 'else');
  });

  it('reads family names back too', () => {
    const def = definition('family-name', ['exact', 'one-edit']);
    const family = (name: string) => features({ family: name, familyParts: [name] });
    assert.equal(levelOf(def, family('robirison'), family('robinson')), 'one-edit');
  });
});
