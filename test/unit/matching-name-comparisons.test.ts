import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isShortForm } from '../../src/matching/compare/name-similarity';
import { MatchFeatures } from '../../src/matching/record-types';
import { definition, levelOf } from './matching-comparison-helpers';
import { features } from './matching-fixtures';

type Row = [string, Partial<MatchFeatures> | null, Partial<MatchFeatures> | null, string];

function run(rows: Row[], def: ReturnType<typeof definition>): void {
  for (const [name, a, b, expected] of rows) {
    it(`${name} -> ${expected}`, () => {
      const x = a === null ? features() : features(a);
      const y = b === null ? features() : features(b);
      assert.equal(levelOf(def, x, y), expected);
      assert.equal(levelOf(def, y, x), expected, 'symmetric');
    });
  }
}

const given = (name: string, extra: Partial<MatchFeatures> = {}): Partial<MatchFeatures> => ({
  given: name,
  givenCanonical: name,
  ...extra,
});

describe('given-name comparison', () => {
  const def = definition('given-name', [
    'exact',
    'nickname',
    { id: 'jaro-winkler', threshold: 0.9 },
    'one-edit',
    'metaphone',
    { id: 'swapped', threshold: 0.9 },
    'initial',
  ]);
  run(
    [
      ['equal', given('maria'), given('maria'), 'exact'],
      ['equal, accented script kept', given('zoë'), given('zoë'), 'exact'],
      [
        'same canonical name',
        given('bill', { givenCanonical: 'william' }),
        given('william'),
        'nickname',
      ],
      [
        'nickname groups share a name',
        given('ron', {
          givenCanonical: 'veronica',
          givenNicknameGroup: ['aaron', 'ronald', 'veronica'],
        }),
        given('ronald', { givenNicknameGroup: ['ronald'] }),
        'nickname',
      ],
      ['one typo', given('jonathan'), given('jonathon'), 'jaro-winkler'],
      ['typo in Cyrillic', given('светлана'), given('светлна'), 'jaro-winkler'],
      [
        'sounds alike',
        given('catherine', { givenMetaphone: 'K0RN' }),
        given('kathryn', { givenMetaphone: 'K0RN' }),
        'metaphone',
      ],
      [
        'swapped with the family name',
        given('lee', { family: 'smith' }),
        given('smith', { family: 'lee' }),
        'swapped',
      ],
      ['typo in a short name', given('ryan'), given('rysn'), 'one-edit'],
      ['letters exchanged in a short name', given('amy'), given('may'), 'one-edit'],
      ['two letters: too short for a typo', given('li'), given('lu'), 'else'],
      [
        'swapped, with a typo on both sides',
        given('haroey', { family: 'loew' }),
        given('lowe', { family: 'harley' }),
        'swapped',
      ],
      [
        'one cross alike, the other not: not a swap',
        given('haroey', { family: 'loew' }),
        given('lowe', { family: 'smith' }),
        'else',
      ],
      ['a short form the table lacks: its start', given('finn'), given('finnegan'), 'nickname'],
      ['a short form the table lacks: its end', given('xander'), given('alexander'), 'nickname'],
      [
        'one letter more is a spelling, not a short form',
        given('ann'),
        given('anne'),
        'jaro-winkler',
      ],
      ['a short end of three letters ends many names', given('ian'), given('brian'), 'else'],
      ['initial only', given('j'), given('john'), 'initial'],
      ['different', given('emma'), given('olivia'), 'else'],
      ['different initials', given('j'), given('mary'), 'else'],
      ['missing on one side', given('emma'), null, 'missing'],
      ['missing on both sides', null, null, 'missing'],
    ],
    def,
  );
});

describe('isShortForm', () => {
  const rows: [string, string, boolean][] = [
    ['sam', 'samantha', true],
    ['alex', 'alexander', true],
    ['bella', 'isabella', true],
    ['lena', 'helena', true],
    ['ann', 'anna', false],
    ['ryan', 'bryan', false],
    ['ian', 'julian', false],
    ['jo', 'joanna', false],
    ['finnegan', 'finn', false],
  ];
  for (const [short, name, expected] of rows) {
    it(`${short} of ${name} -> ${expected}`, () =>
      assert.equal(isShortForm(short, name), expected));
  }
});

describe('family-name comparison', () => {
  const def = definition('family-name', [
    'exact',
    'compound-part',
    { id: 'jaro-winkler', threshold: 0.9 },
    'one-edit',
    'metaphone',
    { id: 'swapped', threshold: 0.9 },
  ]);
  const family = (name: string, extra: Partial<MatchFeatures> = {}): Partial<MatchFeatures> => ({
    family: name,
    familyParts: name.split(' '),
    ...extra,
  });
  run(
    [
      ['equal', family('garcia'), family('garcia'), 'exact'],
      ['equal with apostrophe folded', family('obrien'), family('obrien'), 'exact'],
      ['one part of a compound name', family('garcia lopez'), family('garcia'), 'compound-part'],
      ['parts in the other order', family('garcia lopez'), family('lopez garcia'), 'compound-part'],
      ['typo', family('martinez'), family('martines'), 'jaro-winkler'],
      [
        'spelled alike first',
        family('knight', { familyMetaphone: 'NT' }),
        family('night', { familyMetaphone: 'NT' }),
        'jaro-winkler',
      ],
      [
        'sounds alike only',
        family('smith', { familyMetaphone: 'SM0' }),
        family('smythe', { familyMetaphone: 'SM0' }),
        'metaphone',
      ],
      [
        'swapped with the given name',
        family('smith', { given: 'lee' }),
        family('lee', { given: 'smith' }),
        'swapped',
      ],
      ['typo in a short name', family('ryan'), family('rysn'), 'one-edit'],
      ['letter dropped from a short name', family('cox'), family('cx'), 'else'],
      [
        'swapped, with a typo on both sides',
        family('loew', { given: 'haroey' }),
        family('harley', { given: 'lowe' }),
        'swapped',
      ],
      ['married-name change', family('johnson'), family('williams'), 'else'],
      ['Greek script, different', family('παπαδοπουλος'), family('ιωαννου'), 'else'],
      ['missing', family('garcia'), null, 'missing'],
    ],
    def,
  );
});

describe('middle-name comparison', () => {
  const middle = definition('middle-name', [
    'exact',
    { id: 'jaro-winkler', threshold: 0.9 },
    'initial',
    'names-within',
  ]);
  run(
    [
      ['equal', { middle: 'james' }, { middle: 'james' }, 'exact'],
      ['typo', { middle: 'elizabeth' }, { middle: 'elisabeth' }, 'jaro-winkler'],
      ['initial', { middle: 'j' }, { middle: 'james' }, 'initial'],
      ['different', { middle: 'anne' }, { middle: 'marie' }, 'else'],
      ['missing', { middle: 'anne' }, { middle: null }, 'missing'],
      [
        'given and middle in the other order',
        given('anna', { middle: 'sophia' }),
        given('sophia', { middle: 'anna' }),
        'names-within',
      ],
      [
        'a compound given name split, the other order',
        given('juan carlos', { middle: 'antonio' }),
        given('carlos', { middle: 'juan' }),
        'names-within',
      ],
      [
        'sisters: each has a name of her own',
        given('grace', { middle: 'elizabeth' }),
        given('elizabeth', { middle: 'joy' }),
        'else',
      ],
      [
        'same given name, other middle names',
        given('maria', { middle: 'jose' }),
        given('maria', { middle: 'fernanda' }),
        'else',
      ],
    ],
    middle,
  );
});

describe('text comparison (suffix, postal code)', () => {
  const suffix = definition('text', ['exact'], { field: 'suffix' });
  run(
    [
      ['same suffix', { suffix: 'jr' }, { suffix: 'jr' }, 'exact'],
      ['Jr and Sr', { suffix: 'jr' }, { suffix: 'sr' }, 'else'],
      ['one without suffix', { suffix: 'jr' }, {}, 'missing'],
    ],
    suffix,
  );
  const postal = definition('text', ['exact', { id: 'prefix', length: 3 }], {
    field: 'postalCode',
  });
  run(
    [
      ['same ZIP', { postalCode: '62704' }, { postalCode: '62704' }, 'exact'],
      ['same area', { postalCode: '62704' }, { postalCode: '62799' }, 'prefix'],
      ['too short for a prefix', { postalCode: '62' }, { postalCode: '62' }, 'exact'],
      ['elsewhere', { postalCode: '62704' }, { postalCode: '10001' }, 'else'],
    ],
    postal,
  );
});

describe('swapped without a threshold: exact swaps only', () => {
  const def = definition('given-name', ['exact', 'swapped']);
  run(
    [
      [
        'exact swap',
        given('lee', { family: 'smith' }),
        given('smith', { family: 'lee' }),
        'swapped',
      ],
      [
        'swap with typos',
        given('haroey', { family: 'loew' }),
        given('lowe', { family: 'harley' }),
        'else',
      ],
    ],
    def,
  );
});
