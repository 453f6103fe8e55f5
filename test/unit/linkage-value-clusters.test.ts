import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  nameParts,
  datePartAgreement,
  formalName,
  mostParts,
  partAgreement,
} from '../../src/linkage/best-form';
import {
  Sameness,
  birthDateSameness,
  clusterBy,
  familyNameSameness,
  personNameSameness,
} from '../../src/linkage/value-clusters';
import { buildNicknameTable } from '../../src/matching/normalize/nickname-table';

const nicknames = buildNicknameTable([
  ['william', 'bill'],
  ['james', 'jim'],
  ['james', 'jimmie'],
  // The public table's noise: a pair listed both ways, and a common name under a rare one.
  ['amanda', 'mandy'],
  ['mandy', 'amanda'],
  ['mary', 'marie'],
  ['marie', 'mary'],
  ['emil', 'emily'],
]);
const COUNTS: Record<string, number> = {
  amanda: 48,
  mandy: 1,
  mary: 152,
  marie: 20,
  emily: 103,
  emil: 1,
};
const frequency = (name: string): number => COUNTS[name] ?? 0;
const names = personNameSameness(nicknames);

const SAME: [string, Sameness, string, string, boolean][] = [
  ['nickname', names, 'bill', 'william', true],
  ['one typo', names, 'jimmie', 'jimmmie', true],
  ['initial', names, 'j', 'james', true],
  ['unrelated names', names, 'james', 'robert', false],
  ['compound part', familyNameSameness, 'garcia lopez', 'lopez', true],
  ['family typo', familyNameSameness, 'thompson', 'thompsno', true],
  ['other family', familyNameSameness, 'smith', 'jones', false],
  ['some words of the name', familyNameSameness, 'van', 'van dyke', true],
  ['a word mistyped', familyNameSameness, 'cook diaz', 'dciaz', true],
  ['family initial', familyNameSameness, 'l', 'li', true],
  ['only a particle shared', familyNameSameness, 'de la cruz', 'de leon', false],
  ['short words not told alike', familyNameSameness, 'ng tran', 'ong', false],
  ['day and month swapped', birthDateSameness, '1980-07-04', '1980-04-07', true],
  ['one part differs', birthDateSameness, '1980-07-04', '1981-07-04', true],
  ['two parts differ', birthDateSameness, '1980-07-04', '1981-08-04', false],
];

describe('value clusters', () => {
  for (const [name, same, a, b, expected] of SAME) {
    it(`${name}: ${a} / ${b} -> ${expected}`, () => assert.equal(same(a, b), expected));
  }

  it('joins values through a shared neighbour and puts the largest cluster first', () => {
    const clusters = clusterBy(
      ['jim', 'robert', 'jimmie', 'robert', 'jimmmie', 'james'],
      (v) => v,
      names,
    );
    assert.deepEqual(clusters, [
      ['jim', 'jimmie', 'jimmmie', 'james'],
      ['robert', 'robert'],
    ]);
  });
});

describe('best form', () => {
  it('counts an initial as half a part', () => {
    assert.deepEqual(['mary ann', 'mary', 'j', 'j r'].map(nameParts), [2, 1, 0.5, 1]);
  });

  const PREFERENCES: [string, ReturnType<typeof formalName>, string[], string[], string[]][] = [
    ['formal name', formalName(nicknames, frequency), ['bill', 'william'], [], ['william']],
    [
      'a pair listed both ways: the commoner',
      formalName(nicknames, frequency),
      ['mandy', 'amanda'],
      [],
      ['amanda'],
    ],
    [
      'both ways, the longer rarer',
      formalName(nicknames, frequency),
      ['mary', 'marie'],
      [],
      ['mary', 'marie'],
    ],
    [
      'never a far rarer formal name',
      formalName(nicknames, frequency),
      ['emily', 'emil'],
      [],
      ['emily', 'emil'],
    ],
    ['more parts', mostParts, ['garcia', 'garcia lopez'], [], ['garcia lopez']],
    [
      'shared words',
      partAgreement,
      ['thompsonb ward', 'thompson ward'],
      ['thompsonb ward', 'thompson ward', 'thompson'],
      ['thompson ward'],
    ],
    [
      'date parts',
      datePartAgreement,
      ['1980-07-04', '1980-07-14'],
      ['1980-07-04', '1980-07-14', '1980-08-04'],
      ['1980-07-04'],
    ],
  ];
  for (const [name, preference, candidates, votes, kept] of PREFERENCES) {
    it(`${name} keeps ${kept.join(', ')}`, () =>
      assert.deepEqual(preference(candidates, votes).kept, kept));
  }
});
