import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseNicknameCsv } from '../../src/matching/normalize/nickname-table';
import { parseNonNames } from '../../src/matching/normalize/non-names';
import { NormalizedName, RawName, normalizeName } from '../../src/matching/normalize/person-name';

const nicknames = parseNicknameCsv(
  'name1,relationship,name2\nwilliam,has_nickname,bill\nrobert,has_nickname,bob\nmary,has_nickname,polly\n',
);

const blank: NormalizedName = {
  givenName: null,
  givenCanonical: null,
  givenNicknameGroup: [],
  middleName: null,
  familyName: null,
  familyParts: [],
  suffix: null,
  newbornPlaceholder: null,
  nonNames: [],
};

describe('words written where a name belongs', () => {
  const nonNames = parseNonNames('mom\nson of\n', 'unknown\ndont know\nhousehold\n');
  const cases: [string, RawName, Partial<NormalizedName>][] = [
    [
      'a given name that names no one',
      { given: 'MOM', family: 'Schutte' },
      { givenName: null, familyName: 'schutte', nonNames: ['given_name'] },
    ],
    [
      'a phrase for one',
      { given: 'Son of', family: 'Schutte' },
      { givenName: null, nonNames: ['given_name'] },
    ],
    [
      'a family name that names no one',
      { given: 'Anthony', family: "Don't Know" },
      { givenName: 'anthony', familyName: null, familyParts: [], nonNames: ['family_name'] },
    ],
    [
      'both',
      { given: 'mom', family: 'Household' },
      { givenName: null, familyName: null, nonNames: ['family_name', 'given_name'] },
    ],
    [
      'a name containing such a word',
      { given: 'Momo', family: 'Unknownson' },
      { givenName: 'momo', familyName: 'unknownson', nonNames: [] },
    ],
  ];
  for (const [name, raw, expected] of cases)
    it(name, () => {
      const got = normalizeName(raw, nicknames, nonNames);
      for (const [key, value] of Object.entries(expected))
        assert.deepEqual(got[key as keyof NormalizedName], value, key);
    });
});

describe('normalizeName', () => {
  const cases: [string, RawName, Partial<NormalizedName>][] = [
    ['nothing', {}, {}],
    ['empty cells', { given: ' ', family: '' }, {}],
    [
      'a plain name',
      { given: 'John', family: 'Smith' },
      { givenName: 'john', givenCanonical: 'john', familyName: 'smith', familyParts: ['smith'] },
    ],
    [
      'a nickname',
      { given: 'Bill', family: 'Jones' },
      {
        givenName: 'bill',
        givenCanonical: 'william',
        givenNicknameGroup: ['william'],
        familyName: 'jones',
        familyParts: ['jones'],
      },
    ],
    [
      'a two-word given name maps its first word',
      { given: 'Bob Lee' },
      { givenName: 'bob lee', givenCanonical: 'robert lee', givenNicknameGroup: ['robert'] },
    ],
    [
      'a title',
      { given: 'Dr. Mary' },
      { givenName: 'mary', givenCanonical: 'mary', givenNicknameGroup: ['mary'] },
    ],
    ['a title alone is kept', { given: 'Dr' }, { givenName: 'dr', givenCanonical: 'dr' }],
    [
      'a hyphenated family name',
      { family: 'García-López' },
      { familyName: 'garcia lopez', familyParts: ['garcia', 'lopez'] },
    ],
    [
      'a compound family name with particles',
      { family: 'de la Cruz y Ruiz' },
      { familyName: 'de la cruz y ruiz', familyParts: ['cruz', 'ruiz'] },
    ],
    ['a particle-only family name', { family: 'Le' }, { familyName: 'le', familyParts: ['le'] }],
    [
      'a suffix in the family name',
      { family: 'Smith, Jr.' },
      { familyName: 'smith', familyParts: ['smith'], suffix: 'jr' },
    ],
    [
      'a roman suffix',
      { family: 'Ford III' },
      { familyName: 'ford', familyParts: ['ford'], suffix: 'iii' },
    ],
    [
      'a lone V stays',
      { family: 'Smith V' },
      { familyName: 'smith v', familyParts: ['smith', 'v'] },
    ],
    [
      'the suffix column wins',
      { family: 'Ford Sr', suffix: 'Junior' },
      { familyName: 'ford', familyParts: ['ford'], suffix: 'jr' },
    ],
    ['an unknown suffix is kept folded', { suffix: 'M.D.' }, { suffix: 'md' }],
    [
      'a family name that is only a suffix word',
      { family: 'Junior' },
      { familyName: 'junior', familyParts: ['junior'] },
    ],
    ['a middle name', { middle: 'Ann-Marie' }, { middleName: 'ann marie' }],
  ];
  for (const [title, raw, expected] of cases) {
    it(title, () => assert.deepEqual(normalizeName(raw, nicknames), { ...blank, ...expected }));
  }

  it('is idempotent on its own output', () => {
    for (const [, raw] of cases) {
      const once = normalizeName(raw, nicknames);
      const again = normalizeName(
        {
          given: once.givenName ?? undefined,
          middle: once.middleName ?? undefined,
          family: once.familyName ?? undefined,
          suffix: once.suffix ?? undefined,
        },
        nicknames,
      );
      assert.deepEqual(again, once);
    }
  });
});
