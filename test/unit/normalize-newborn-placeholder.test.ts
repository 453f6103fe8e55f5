import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { birthDateRelation } from '../../src/matching/compare/birth-date-comparison';
import {
  isKnownGivenName,
  parseKnownGivenNames,
} from '../../src/matching/normalize/known-given-names';
import { newbornPlaceholder } from '../../src/matching/normalize/newborn-placeholder';
import { parseNicknameCsv } from '../../src/matching/normalize/nickname-table';
import { normalizeRecord } from '../../src/matching/normalize/normalize-record';
import { emptyReferenceTables } from '../../src/matching/normalize/reference-tables';

describe('newborn placeholder names', () => {
  const rows: [string, number | null | 'name'][] = [
    ['babyboy', null],
    ['babygirl', null],
    ['baby girl b', 2],
    ['baby', null],
    ['boy', null],
    ['twin a', 1],
    ['infant 2', 2],
    ['wendysgirl', null],
    ['2judysgirl', 2],
    ['judys boy', null],
    ['judy girl b', 2],
    ['stephanie boy a', 1],
    ['boyd', 'name'],
    ['gilbert', 'name'],
    ['babette', 'name'],
    ['mary ann', 'name'],
    ['travis', 'name'],
  ];
  for (const [folded, expected] of rows) {
    it(`${folded} -> ${expected === 'name' ? 'a name' : `placeholder, birth order ${expected}`}`, () => {
      const found = newbornPlaceholder(folded);
      if (expected === 'name') assert.equal(found, null);
      else assert.deepEqual(found, { birthOrder: expected });
    });
  }

  it('normalizes a placeholder to no given name, keeps the reason and the birth order', () => {
    const result = normalizeRecord(
      { source: 'st-mary', source_id: 'NB-1', given_name: 'Judy Girl B', family_name: 'Smith' },
      emptyReferenceTables(),
    );
    assert.ok('record' in result);
    assert.equal(result.record.givenName, null);
    assert.equal(result.record.multipleBirth, 2);
    assert.deepEqual(result.record.issues, [
      { field: 'given_name', reason: 'a newborn placeholder, not a name' },
    ]);
  });
});

describe('real given names', () => {
  const names = parseKnownGivenNames('aiden\naidan\nmary\nann\n');
  const nicknames = parseNicknameCsv('name1,relationship,name2\nwilliam,has_nickname,bill\n');
  const rows: [string, boolean][] = [
    ['aiden', true],
    ['aidan', true],
    ['aidne', false],
    ['bill', true],
    ['mary ann', true],
    ['mary xq', false],
  ];
  for (const [name, known] of rows) {
    it(`${name} -> ${known ? 'a real name' : 'no name'}`, () => {
      assert.equal(isKnownGivenName(names, nicknames, name), known);
    });
  }
});

describe('birth years', () => {
  const rows: [string, string, string][] = [
    ['1979-05-14', '1978-05-14', 'one-part-differs'],
    ['1979-05-14', '1997-05-14', 'one-part-differs'],
    ['1979-05-14', '2010-05-14', 'different'],
    ['2019-08-16', '2020-08-16', 'one-part-differs'],
    ['2019-08-16', '2021-08-16', 'different'],
    ['1979-05-14', '1969-05-14', 'one-part-differs'],
    ['1979-05-14', '1979-05-15', 'one-part-differs'],
  ];
  for (const [a, b, relation] of rows) {
    it(`${a} / ${b} -> ${relation}`, () => {
      assert.equal(birthDateRelation(a, b), relation);
      assert.equal(birthDateRelation(b, a), relation);
    });
  }
});
