import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldOrNull, foldText } from '../../src/matching/normalize/text-fold';

describe('foldText', () => {
  const cases: [string, string][] = [
    ['smith', 'smith'],
    ['  SMITH  ', 'smith'],
    ["O'Brien", 'obrien'],
    ['O\u2019Brien', 'obrien'],
    ['Ka\u02bbiulani', 'kaiulani'],
    ['Ka\u2018iulani', 'kaiulani'],
    ['K.C.', 'kc'],
    ['García-López', 'garcia lopez'],
    ['Zoë  Ångström', 'zoe angstrom'],
    ['Straße', 'strasse'],
    ['Søren Łukasz', 'soren lukasz'],
    ['Mary,Ann', 'mary ann'],
    ['İlkay', 'ilkay'],
    ['Мария', 'мария'],
    ['ＡＢＣ１２', 'abc12'],
    ['---', ''],
    ['', ''],
  ];
  for (const [raw, folded] of cases) {
    it(`folds ${JSON.stringify(raw)}`, () => assert.equal(foldText(raw), folded));
  }

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (raw) => {
        const once = foldText(raw);
        assert.equal(foldText(once), once);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves only lower-case letters, digits and single inner spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (raw) => {
        const folded = foldText(raw);
        assert.match(folded, /^(?:[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*)?$/u);
        assert.equal(folded, folded.toLowerCase());
      }),
      { numRuns: 2000 },
    );
  });

  it('gives null for nothing comparable', () => {
    assert.equal(foldOrNull(undefined), null);
    assert.equal(foldOrNull(' . '), null);
    assert.equal(foldOrNull('Ann'), 'ann');
  });
});
