import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileComparator } from '../../src/matching/compare/comparison-kinds';
import { birthDateRelation } from '../../src/matching/compare/birth-date-comparison';
import { oneTypoApart, wordsContained } from '../../src/matching/compare/address-comparison';
import { MatchFeatures } from '../../src/matching/record-types';
import { definition, levelOf } from './matching-comparison-helpers';
import { features, otherId, token } from './matching-fixtures';

type Row = [string, Partial<MatchFeatures>, Partial<MatchFeatures>, string];

/** The address part of a record: its line and postal code. */
function at(addressLine: string | null, postalCode: string | null): Partial<MatchFeatures> {
  return { addressLine, postalCode };
}

function run(rows: Row[], def: ReturnType<typeof definition>): void {
  for (const [name, a, b, expected] of rows) {
    it(`${name} -> ${expected}`, () => {
      assert.equal(levelOf(def, features(a), features(b)), expected);
      assert.equal(levelOf(def, features(b), features(a)), expected, 'symmetric');
    });
  }
}

describe('birth-date comparison', () => {
  const def = definition('birth-date', ['exact', 'day-month-swapped', 'one-part-differs']);
  const born = (birthDate: string | null): Partial<MatchFeatures> => ({ birthDate });
  run(
    [
      ['equal', born('1980-03-04'), born('1980-03-04'), 'exact'],
      ['day and month swapped', born('1980-03-04'), born('1980-04-03'), 'day-month-swapped'],
      ['swapped across years is not a swap', born('1980-03-04'), born('1981-04-03'), 'else'],
      ['day typo', born('1980-03-04'), born('1980-03-14'), 'one-part-differs'],
      ['month typo', born('1980-03-04'), born('1980-08-04'), 'one-part-differs'],
      ['year typo', born('1980-03-04'), born('1908-03-04'), 'one-part-differs'],
      ['a year apart across a decade', born('1999-07-28'), born('2000-07-28'), 'one-part-differs'],
      ['two years apart across a decade', born('1999-07-28'), born('2001-07-28'), 'else'],
      ['two parts differ', born('1980-03-04'), born('1981-05-04'), 'else'],
      ['decades apart (Jr / Sr)', born('1936-06-19'), born('1972-01-19'), 'else'],
      ['missing', born('1980-03-04'), born(null), 'missing'],
    ],
    def,
  );
  it('relation of a date with itself under swap is exact', () => {
    assert.equal(birthDateRelation('1980-05-05', '1980-05-05'), 'exact');
  });
});

describe('sex comparison', () => {
  const def = definition('sex', ['exact']);
  run(
    [
      ['same', { sex: 'female' }, { sex: 'female' }, 'exact'],
      ['different', { sex: 'female' }, { sex: 'male' }, 'else'],
      ['other against male', { sex: 'other' }, { sex: 'male' }, 'else'],
      ['unknown says nothing', { sex: 'unknown' }, { sex: 'male' }, 'missing'],
      ['missing', { sex: null }, { sex: 'male' }, 'missing'],
    ],
    def,
  );
});

describe('identifier comparison by token', () => {
  const ssn = definition('identifier', ['exact', 'one-edit'], { field: 'ssn' });
  const s = (value: string): Partial<MatchFeatures> => ({ ssn: token('ssn', value) });
  run(
    [
      ['same number', s('219099998'), s('219099998'), 'exact'],
      ['one digit substituted', s('219099998'), s('219099988'), 'one-edit'],
      ['neighbours transposed', s('219099998'), s('129099998'), 'one-edit'],
      ['one digit dropped', s('219099998'), s('21909998'), 'one-edit'],
      ['two digits differ', s('219099998'), s('219011198'), 'else'],
      ['different number', s('219099998'), s('455667788'), 'else'],
      ['missing', s('219099998'), { ssn: null }, 'missing'],
      [
        'tokens under different keys',
        s('219099998'),
        { ...s('219099998'), keyId: 'k2' },
        'missing',
      ],
    ],
    ssn,
  );
  const email = definition('identifier', ['exact'], { field: 'email' });
  run(
    [
      [
        'same e-mail',
        { email: token('email', 'a@x.org') },
        { email: token('email', 'a@x.org') },
        'exact',
      ],
      [
        'other e-mail',
        { email: token('email', 'a@x.org') },
        { email: token('email', 'b@x.org') },
        'else',
      ],
    ],
    email,
  );
  it('shows relation words, never tokens', () => {
    const comparator = compileComparator(ssn);
    const a = features(s('219099998'));
    const b = features(s('219099988'));
    assert.deepEqual(comparator.display(a, b, comparator.level(a, b), true), [
      'one edit',
      'one edit',
    ]);
    assert.deepEqual(comparator.display(a, features(), -1, true), ['present', null]);
  });
  it('rejects a field that is no identifier', () => {
    assert.throws(
      () => compileComparator(definition('identifier', ['exact'], { field: 'given' })),
      /field/,
    );
  });
});

describe('other-identifier comparison within an assigning authority', () => {
  const def = definition('other-identifier', ['exact', 'one-edit']);
  const ids = (...list: [string, string][]): Partial<MatchFeatures> => ({
    otherIdentifiers: list.map(([system, value]) => otherId(system, value)),
  });
  run(
    [
      [
        'same number, same system',
        ids(['medicaid', 'AB123456']),
        ids(['medicaid', 'AB123456']),
        'exact',
      ],
      ['one edit apart', ids(['medicaid', 'AB123456']), ids(['medicaid', 'AB123457']), 'one-edit'],
      ['different', ids(['medicaid', 'AB123456']), ids(['medicaid', 'ZZ999999']), 'else'],
      [
        'same number, other system',
        ids(['medicaid', 'AB123456']),
        ids(['dl', 'AB123456']),
        'missing',
      ],
      [
        'closest shared system wins',
        ids(['dl', 'X1'], ['medicaid', 'AB123456']),
        ids(['dl', 'Y2'], ['medicaid', 'AB123456']),
        'exact',
      ],
      ['none on one side', ids(['medicaid', 'AB123456']), {}, 'missing'],
    ],
    def,
  );
  const onlyDl = definition('other-identifier', ['exact'], { system: 'dl' });
  run(
    [['restricted to one system', ids(['medicaid', 'A1']), ids(['medicaid', 'A1']), 'missing']],
    onlyDl,
  );
});

describe('multiple-birth comparison', () => {
  const def = definition('multiple-birth', ['same-order', 'different-order', 'conflicting-flag']);
  run(
    [
      ['same order', { multipleBirth: 2 }, { multipleBirth: 2 }, 'same-order'],
      ['twins', { multipleBirth: 1 }, { multipleBirth: 2 }, 'different-order'],
      [
        'multiple against single',
        { multipleBirth: true },
        { multipleBirth: false },
        'conflicting-flag',
      ],
      ['order against single', { multipleBirth: 2 }, { multipleBirth: false }, 'conflicting-flag'],
      ['flag against order', { multipleBirth: true }, { multipleBirth: 2 }, 'else'],
      ['missing', { multipleBirth: 1 }, { multipleBirth: null }, 'missing'],
    ],
    def,
  );
});

describe('address comparison (line and postal code together)', () => {
  const def = definition('address', [
    'exact',
    { id: 'jaro-winkler', threshold: 0.9 },
    'postal-code',
    { id: 'postal-prefix', length: 3 },
  ]);
  run(
    [
      ['same home', at('12 main st', '62704'), at('12 main st', '62704'), 'exact'],
      ['same line, ZIP typo', at('12 main st', '62704'), at('12 main st', '62740'), 'exact'],
      ['same line, other town', at('12 main st', '62704'), at('12 main st', '10001'), 'else'],
      ['same line, ZIP missing', at('12 main st', null), at('12 main st', '62704'), 'exact'],
      [
        'line typo',
        at('1234 washington ave', '62704'),
        at('1234 washingtn ave', '62704'),
        'jaro-winkler',
      ],
      ['neighbour in the ZIP', at('12 main st', '62704'), at('90 oak rd', '62704'), 'postal-code'],
      ['same area', at('12 main st', '62704'), at('90 oak rd', '62799'), 'postal-prefix'],
      ['moved', at('12 main st', '62704'), at('90 oak rd', '10001'), 'else'],
      ['only ZIPs known', at(null, '62704'), at(null, '62704'), 'postal-code'],
      ['nothing comparable', at('12 main st', null), at(null, '62704'), 'missing'],
    ],
    def,
  );
  it('oneTypoApart', () => {
    assert.equal(oneTypoApart('62704', '62714'), true);
    assert.equal(oneTypoApart('62704', '62740'), true);
    assert.equal(oneTypoApart('62704', '26704'), true);
    assert.equal(oneTypoApart('62704', '62047'), false);
    assert.equal(oneTypoApart('62704', '6270'), false);
  });
});

describe('address comparison with the same-words, line-only and postal-typo levels', () => {
  const def = definition('address', [
    'exact',
    { id: 'jaro-winkler', threshold: 0.9 },
    'same-words',
    { id: 'line-only', threshold: 0.9 },
    'postal-code',
    'postal-code-typo',
    { id: 'postal-prefix', length: 3 },
  ]);
  run(
    [
      [
        'second line left out',
        at('51 hurley st lakes retirement estate', '5162'),
        at('51 hurley st', '5612'),
        'same-words',
      ],
      [
        'lines in the other order',
        at('23 allunga woollum st', '2870'),
        at('23 woollum st allunga', '2870'),
        'same-words',
      ],
      [
        'one shared word is not enough',
        at('allunga', '2870'),
        at('23 woollum st allunga', '2870'),
        'postal-code',
      ],
      [
        'same words, other town',
        at('51 hurley st', '5162'),
        at('51 hurley st lakes retirement estate', '2000'),
        'else',
      ],
      [
        'same line, postal code replaced',
        at('5 wentworth ave mt pleasant', '6743'),
        at('5 wentwort h ave mt pleasant', '3585'),
        'line-only',
      ],
      [
        'other street, postal code mistyped',
        at('12 main st', '62704'),
        at('90 oak rd', '62740'),
        'postal-code-typo',
      ],
      [
        'other street, other postal code',
        at('12 main st', '62704'),
        at('90 oak rd', '62799'),
        'postal-prefix',
      ],
      [
        'postal codes only, one typo apart',
        at(null, '62704'),
        at(null, '62714'),
        'postal-code-typo',
      ],
    ],
    def,
  );
  it('wordsContained', () => {
    assert.equal(wordsContained('51 hurley st', '51 hurley st lakes retirement estate'), true);
    assert.equal(wordsContained('51 hurley st lakes retirement estate', '51 hurley st'), true);
    assert.equal(wordsContained('52 hurley st', '51 hurley st lakes retirement estate'), false);
    assert.equal(wordsContained('hurley', 'hurley st'), false);
  });
});

describe('address comparison with the words-only level', () => {
  const def = definition('address', [
    'exact',
    { id: 'jaro-winkler', threshold: 0.9 },
    'same-words',
    { id: 'line-only', threshold: 0.9 },
    'words-only',
    'postal-code',
    'postal-code-typo',
    { id: 'postal-prefix', length: 3 },
  ]);
  run(
    [
      [
        'lines in another order, a part left out, postal code replaced',
        at('23 allunga woollum st', '2870'),
        at('woollum st allunga', '2804'),
        'words-only',
      ],
      [
        'same words, other town',
        at('51 hurley st', '5162'),
        at('51 hurley st lakes retirement estate', '2000'),
        'words-only',
      ],
      [
        'same words, postal code one typo apart: same-words first',
        at('23 allunga woollum st', '2870'),
        at('woollum st allunga', '2807'),
        'same-words',
      ],
      [
        'lines alike left to right, postal code replaced: line-only first',
        at('5 wentworth ave mt pleasant', '6743'),
        at('5 wentworth ave mt pleasant', '3585'),
        'line-only',
      ],
      [
        'one shared word, postal code replaced',
        at('allunga', '2870'),
        at('23 woollum st allunga', '2804'),
        'else',
      ],
      ['postal codes only, in conflict', at(null, '2870'), at(null, '2804'), 'else'],
    ],
    def,
  );
});
