import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileComparator } from '../../src/matching/compare/comparison-kinds';
import { MatchFeatures } from '../../src/matching/record-types';
import { definition, levelOf } from './matching-comparison-helpers';
import { features } from './matching-fixtures';

type Row = [string, Partial<MatchFeatures>, Partial<MatchFeatures>, string];

function run(rows: Row[], def: ReturnType<typeof definition>): void {
  for (const [name, a, b, expected] of rows) {
    it(`${name} -> ${expected}`, () => {
      assert.equal(levelOf(def, features(a), features(b)), expected);
      assert.equal(levelOf(def, features(b), features(a)), expected, 'symmetric');
    });
  }
}

function town(city: string | null, postalCode: string | null = null): Partial<MatchFeatures> {
  return { city, postalCode };
}

describe('city comparison', () => {
  const def = definition('city', ['exact', { id: 'jaro-winkler', threshold: 0.88 }]);
  run(
    [
      ['same city, no postal codes', town('london'), town('london'), 'exact'],
      ['a typo in the city', town('london'), town('lonon'), 'jaro-winkler'],
      ['other cities', town('london'), town('bristol'), 'else'],
      ['a postal code on one side only', town('london', '62704'), town('london'), 'exact'],
      [
        'postal codes on both sides: the address comparison weighs the place',
        town('springfield', '62704'),
        town('springfield', '62704'),
        'missing',
      ],
      [
        'postal codes on both sides, other cities: still neutral',
        town('springfield', '62704'),
        town('chicago', '60601'),
        'missing',
      ],
      ['city missing on one side', town('london'), town(null), 'missing'],
    ],
    def,
  );

  it('shows the cities only when revealed', () => {
    const comparator = compileComparator(def);
    const a = features(town('london'));
    const b = features(town('lonon'));
    assert.deepEqual(comparator.display(a, b, 1, true), ['london', 'lonon']);
    assert.deepEqual(comparator.display(a, b, 1, false), ['(hidden)', '(hidden)']);
  });
});

describe('e-mail local-part comparison', () => {
  const def = definition('email-local-part', ['exact']);
  const mail = (local: string, domain: string): Partial<MatchFeatures> => ({
    email: { token: `email:${local}@${domain}`, variants: [] },
    emailLocalPart: `email-local-part:${local}`,
  });
  run(
    [
      [
        'same mailbox name at a mistyped domain',
        mail('t.m39', 'brooks-sawyer.com'),
        mail('t.m39', 'brooks-sawer.com'),
        'exact',
      ],
      ['other mailbox names', mail('t.m39', 'brooks.com'), mail('tm39', 'brooks.com'), 'else'],
      [
        'the same address: the e-mail comparison weighs it, this one is neutral',
        mail('t.m39', 'brooks.com'),
        mail('t.m39', 'brooks.com'),
        'missing',
      ],
      ['no address on one side', mail('t.m39', 'brooks.com'), {}, 'missing'],
      [
        'an address stored before local parts were tokenized',
        mail('t.m39', 'brooks.com'),
        { email: { token: 'email:t.m39@other.com', variants: [] } },
        'missing',
      ],
    ],
    def,
  );

  it('tells how the mailbox names relate, never the tokens', () => {
    const comparator = compileComparator(def);
    const a = features(mail('t.m39', 'brooks.com'));
    assert.deepEqual(comparator.display(a, features(mail('t.m39', 'x.org')), 0, true), [
      'same mailbox name',
      'same mailbox name',
    ]);
    assert.deepEqual(comparator.display(a, features({}), -1, true), ['present', null]);
  });

  it('compares no tokens made under different keys', () => {
    const a = features({ ...mail('t.m39', 'brooks.com'), keyId: 'k1' });
    const b = features({ ...mail('t.m39', 'x.org'), keyId: 'k2' });
    assert.equal(levelOf(def, a, b), 'missing');
  });
});
