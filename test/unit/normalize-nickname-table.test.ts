import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadReferenceTables } from '../../src/config/reference-tables';
import {
  NicknameCsvError,
  canonicalGivenName,
  nicknameGroups,
  parseNicknameCsv,
  shareNicknameGroup,
} from '../../src/matching/normalize/nickname-table';

const SAMPLE = [
  'name1,relationship,name2',
  'aaron,has_nickname,ron',
  'ronald,has_nickname,ron',
  'ronald,has_nickname,ronnie',
  'veronica,has_nickname,ronnie',
  'william,has_nickname,bill',
  'william,has_nickname,billy',
  'william,has_nickname,will',
  'robert,has_nickname,bob',
  'robert,has_nickname,bobby',
  'robert,has_nickname,bill',
  'bill,has_nickname,billy',
  'francis,has_nickname,frank',
  'frank,has_nickname,frankie',
  'leroy,has_nickname,l.r.',
  '',
].join('\r\n');

describe('parseNicknameCsv', () => {
  const table = parseNicknameCsv(SAMPLE);
  const canonical: [string, string][] = [
    ['bill', 'william'], // shares bill and billy with william, only bill with robert
    ['billy', 'william'],
    ['william', 'william'],
    ['bob', 'robert'],
    ['ron', 'ronald'], // more nicknames beats alphabetical order (aaron)
    ['ronnie', 'ronald'],
    ['frank', 'frank'], // francis has no more nicknames than frank: not more formal
    ['frankie', 'frank'],
    ['lr', 'leroy'], // entries are folded like given names
    ['zed', 'zed'],
  ];
  for (const [name, expected] of canonical) {
    it(`maps ${name} to ${expected}`, () =>
      assert.equal(canonicalGivenName(table, name), expected));
  }

  it('keeps every formal name a nickname may stand for, sorted', () => {
    assert.deepEqual(nicknameGroups(table, 'ron'), ['aaron', 'ronald']);
    assert.deepEqual(nicknameGroups(table, 'frank'), ['francis', 'frank']);
    assert.deepEqual(nicknameGroups(table, 'bill'), ['bill', 'robert', 'william']);
    assert.deepEqual(nicknameGroups(table, 'zed'), ['zed']);
  });

  it('answers whether two names share a formal name', () => {
    assert.equal(shareNicknameGroup(table, 'bill', 'will'), true);
    assert.equal(shareNicknameGroup(table, 'bill', 'william'), true);
    assert.equal(shareNicknameGroup(table, 'francis', 'frank'), true);
    assert.equal(shareNicknameGroup(table, 'ron', 'ronnie'), true);
    assert.equal(shareNicknameGroup(table, 'will', 'ron'), false);
    assert.equal(shareNicknameGroup(table, 'zed', 'zed'), true);
  });

  it('does not depend on row order', () => {
    const [header, ...rows] = SAMPLE.trim().split('\r\n');
    const shuffled = parseNicknameCsv([header, ...rows.reverse()].join('\n'));
    for (const name of ['ron', 'ronnie', 'bill', 'billy', 'frank', 'lr']) {
      assert.equal(canonicalGivenName(shuffled, name), canonicalGivenName(table, name));
      assert.deepEqual(nicknameGroups(shuffled, name), nicknameGroups(table, name));
    }
  });

  it('rejects a malformed file naming the line, not the content', () => {
    assert.throws(() => parseNicknameCsv('name,nick\n'), NicknameCsvError);
    assert.throws(
      () => parseNicknameCsv('name1,relationship,name2\naaron,has_nickname,ron\nbob,likes,rob\n'),
      (err: Error) =>
        err instanceof NicknameCsvError &&
        err.message.includes('line 3') &&
        !err.message.includes('bob'),
    );
  });
});

describe('the shipped nickname table', () => {
  const { nicknames } = loadReferenceTables(
    path.resolve(__dirname, '..', '..', '..', 'data', 'reference'),
  );
  it('loads and maps well-known nicknames', () => {
    assert.equal(canonicalGivenName(nicknames, 'bill'), 'william');
    assert.equal(canonicalGivenName(nicknames, 'bob'), 'robert');
    assert.equal(canonicalGivenName(nicknames, 'peggy'), 'margaret');
    assert.equal(canonicalGivenName(nicknames, 'liz'), 'elizabeth');
    assert.equal(canonicalGivenName(nicknames, 'william'), 'william');
    assert.equal(shareNicknameGroup(nicknames, 'liz', 'beth'), true);
    assert.ok(nicknames.groups.size > 1000);
  });

  it('does not make two formal names one through a nickname that lists both back (Bill)', () => {
    assert.equal(shareNicknameGroup(nicknames, 'robert', 'william'), false);
    assert.equal(shareNicknameGroup(nicknames, 'bill', 'robert'), true);
    assert.equal(shareNicknameGroup(nicknames, 'bill', 'william'), true);
    assert.equal(shareNicknameGroup(nicknames, 'jerry', 'gerald'), true);
  });

  it('keeps two spellings of one name one name through such a nickname (Tess, Cathy)', () => {
    assert.equal(shareNicknameGroup(nicknames, 'teresa', 'theresa'), true);
    assert.equal(shareNicknameGroup(nicknames, 'catherine', 'cathleen'), true);
    assert.equal(shareNicknameGroup(nicknames, 'laurence', 'lawrence'), true);
  });

  it('knows the everyday short forms of Spanish given names', () => {
    const pairs: [string, string][] = [
      ['alejandro', 'alex'],
      ['jose', 'pepe'],
      ['jesus', 'chuy'],
      ['guadalupe', 'lupe'],
      ['francisco', 'paco'],
    ];
    for (const [formal, short] of pairs)
      assert.equal(shareNicknameGroup(nicknames, formal, short), true, `${formal} / ${short}`);
    // One short form of two names makes neither the other's.
    assert.equal(shareNicknameGroup(nicknames, 'beto', 'roberto'), true);
    assert.equal(shareNicknameGroup(nicknames, 'alberto', 'roberto'), false);
  });
});

describe('several nickname tables read as one', () => {
  it('joins their pairs', () => {
    const table = parseNicknameCsv(
      'name1,relationship,name2\nwilliam,has_nickname,bill\n',
      'name1,relationship,name2\njose,has_nickname,pepe\n',
    );
    assert.equal(shareNicknameGroup(table, 'bill', 'william'), true);
    assert.equal(shareNicknameGroup(table, 'pepe', 'jose'), true);
  });
});
