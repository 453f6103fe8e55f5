import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { projectRoot } from '../../src/config/app-config';
import { readNameFrequencies, readNicknamePairs, readSeedHouseholds } from '../../src/datasets';
import { generateFamilyRows } from '../../src/datasets/families/families-generator';
import { FamilyRow } from '../../src/datasets/families/family-rows';
import { consecutiveSsn, isValidSsn } from '../../src/datasets/families/family-identifiers';
import { placeholderGiven } from '../../src/datasets/families/newborn-names';
import { FamilyPerson } from '../../src/datasets/families/family-person';
import {
  makeTypos,
  swapMonthAndDay,
  writeWrongDateDigits,
  writeWrongZipDigits,
} from '../../src/datasets/families/pseudopeople-noise';
import { coTwinName, TwinNameKind } from '../../src/datasets/families/twin-names';
import { seededRandom } from '../../src/datasets/seeded-random';
import { parseTags } from '../../src/matching/evaluate/population-tags';

const REFERENCE = path.join(projectRoot(), 'data', 'reference');

describe('families: SSNs as SSA issues them', () => {
  const valid: [string, boolean][] = [
    ['123456789', true],
    ['000123456', false],
    ['666123456', false],
    ['900123456', false],
    ['123004567', false],
    ['123450000', false],
  ];
  for (const [ssn, expected] of valid) {
    it(`${ssn} is ${expected ? 'valid' : 'never issued'}`, () =>
      assert.equal(isValidSsn(ssn), expected));
  }
  const next: [string, string | null][] = [
    ['123451000', '123451001'],
    ['123459999', '123459998'],
  ];
  for (const [ssn, expected] of next) {
    it(`the number issued with ${ssn} is ${expected}`, () =>
      assert.equal(consecutiveSsn(ssn, new Set()), expected));
  }
  it('never hands out a number already used', () =>
    assert.equal(consecutiveSsn('123451000', new Set(['123451001'])), null));
});

describe('families: pseudopeople noise', () => {
  it('typos change about one character in ten, keeping the length or adding one', () => {
    const random = seededRandom('typos');
    let changed = 0;
    const total = 2000;
    for (let i = 0; i < total; i++) {
      const typed = makeTypos('abcdefghij', random);
      assert.ok(typed.length >= 10 && typed.length <= 20);
      changed += [...'abcdefghij'].filter((c, k) => typed[k] !== c).length > 0 ? 1 : 0;
    }
    // 1 - 0.9^10 = 0.65 of ten-letter words get at least one typo.
    assert.ok(Math.abs(changed / total - 0.65) < 0.05, String(changed / total));
  });

  it('miswrites ZIP digits mostly at the end, and birth-date digits only into real dates', () => {
    const random = seededRandom('digits');
    const hits = [0, 0, 0, 0, 0];
    for (let i = 0; i < 5000; i++) {
      [...writeWrongZipDigits('12345', random)].forEach((d, k) => {
        if (d !== '12345'[k]) hits[k] = (hits[k] ?? 0) + 1;
      });
      const date = writeWrongDateDigits('1987-02-28', random);
      assert.ok(!Number.isNaN(Date.parse(`${date}T00:00:00Z`)), date);
    }
    assert.ok((hits[4] ?? 0) > 5 * (hits[0] ?? 0), hits.join(','));
  });

  const swaps: [string, string][] = [
    ['2001-03-04', '2001-04-03'],
    ['2001-03-24', '2001-03-24'],
  ];
  for (const [date, expected] of swaps) {
    it(`month and day of ${date} swapped: ${expected}`, () =>
      assert.equal(swapMonthAndDay(date), expected));
  }
});

describe('families: names of twins and newborns', () => {
  const pool = ['Aiden', 'Aidan', 'Amelia', 'Brayden', 'Jayden', 'Zoe', 'Oliver'];
  const cases: [string, TwinNameKind, (name: string) => boolean][] = [
    ['Aiden', 'same-initial', (n) => n === 'Amelia'],
    // Same sound (Aidan) or a rhyme (-den).
    ['Aiden', 'similar-name', (n) => ['Aidan', 'Jayden', 'Brayden'].includes(n)],
    ['Jayden', 'similar-name', (n) => ['Aiden', 'Aidan', 'Brayden'].includes(n)],
    ['Aiden', 'dissimilar-name', (n) => ['Zoe', 'Oliver', 'Brayden', 'Jayden'].includes(n)],
  ];
  for (const [sibling, kind, fits] of cases) {
    it(`a co-twin of ${sibling} with a ${kind}`, () => {
      const random = seededRandom(`${sibling}-${kind}`);
      const names = {
        draw: () => random.pick(pool),
        pool,
        sameName: (a: string, b: string) => a === b,
      };
      const name = coTwinName(names, [sibling], kind, random);
      assert.ok(name !== null && fits(name), String(name));
    });
  }

  it('never gives a co-twin a form of the sibling’s name (John / Jack, Anthony / Tony)', () => {
    const forms: Record<string, string> = { jack: 'john', tony: 'anthony' };
    const sameName = (a: string, b: string): boolean =>
      (forms[a.toLowerCase()] ?? a.toLowerCase()) === (forms[b.toLowerCase()] ?? b.toLowerCase());
    const names = { draw: () => 'Jack', pool: ['Jack', 'Jacob'], sameName };
    const random = seededRandom('forms');
    assert.equal(coTwinName(names, ['John'], 'same-initial', random), 'Jacob');
    const tony = { draw: () => 'Tony', pool: ['Tony'], sameName };
    assert.equal(coTwinName(tony, ['Anthony'], 'similar-name', random), null);
  });

  it('names a newborn after the mother, or Babyboy / Babygirl without one', () => {
    const child = { sex: 'female', multipleBirth: 2 } as FamilyPerson;
    const seen = new Set<string>();
    const random = seededRandom('newborn');
    for (let i = 0; i < 50; i++) seen.add(placeholderGiven(child, 'Judy', random));
    assert.deepEqual([...seen].sort(), ['2Judysgirl', 'Babygirl', 'Judy Girl B']);
    assert.equal(placeholderGiven(child, undefined, random), 'Babygirl');
  });
});

describe('families: the population', () => {
  let rows: FamilyRow[] = [];
  before(async () => {
    const [names, nicknames] = await Promise.all([
      readNameFrequencies(path.join(REFERENCE, 'us-names')),
      readNicknamePairs(path.join(REFERENCE, 'nicknames', 'names.csv')),
    ]);
    const households = readSeedHouseholds(
      path.join(REFERENCE, 'pseudopeople-households', 'census-2020.csv'),
    );
    rows = generateFamilyRows({ people: 3000, seed: 7, households, names, nicknames });
  });

  const tagged = (word: string) => rows.filter((r) => parseTags(r.tags).words.has(word));
  const firstOf = (entity: string) => rows.find((r) => r.entity_id === entity) as FamilyRow;

  it('has the people asked for in whole households, each record with a household', () => {
    const people = new Set(rows.map((r) => r.entity_id));
    assert.ok(people.size >= 3000 && people.size < 3030, String(people.size));
    assert.ok(rows.every((r) => r.household_id.startsWith('hh-')));
    assert.equal(new Set(rows.map((r) => `${r.source}|${r.source_id}`)).size, rows.length);
  });

  it('twins share a household (children) and name each other', () => {
    const twins = rows.filter(
      (r) => parseTags(r.tags).relations.size > 0 && /twin-of:/.test(r.tags),
    );
    assert.ok(twins.length > 0);
    for (const row of twins) {
      for (const [other, kinds] of parseTags(row.tags).relations) {
        if (!kinds.has('twin-of')) continue;
        const twin = firstOf(other);
        const apart = [row, twin].some((r) => r.household_id === `hh-${r.entity_id}`);
        if (!apart) assert.equal(twin.household_id, row.household_id);
        assert.match(twin.tags, new RegExp(`twin-of:${row.entity_id}(;|$)`));
      }
    }
  });

  it('has twins at about the US twin birth rate (3.12%), adults living apart', () => {
    const twins = new Set(rows.filter((r) => /(^|;)twin-of:/.test(r.tags)).map((r) => r.entity_id));
    const people = new Set(rows.map((r) => r.entity_id)).size;
    assert.ok(Math.abs(twins.size / people - 0.0312) < 0.012, `${twins.size} of ${people}`);
    assert.ok(
      rows.some((r) => /(^|;)twin-of:/.test(r.tags) && r.household_id === `hh-${r.entity_id}`),
    );
  });

  it('a parent SSN on a child record is the parent’s, and a shared MRN is the other’s', () => {
    for (const row of tagged('parent-ssn')) {
      const [owner] = parseTags(row.tags).identifiersOf;
      assert.match(row.tags, new RegExp(`child-of:${owner}(;|$)`));
    }
    for (const row of tagged('shared-mrn')) {
      const [owner] = parseTags(row.tags).identifiersOf;
      const mrn = (row.other_identifiers ?? '').split('|')[1];
      const theirs = rows.filter((r) => r.entity_id === owner).map((r) => r.source_id);
      assert.ok(mrn !== undefined && theirs.includes(mrn), `${mrn} not among ${theirs.join(',')}`);
    }
  });

  it('gives newborns a placeholder name and keeps Jr and Sr apart only by birth date and suffix', () => {
    assert.ok(tagged('placeholder-name').length > 0);
    // Birth dates as written, so not where noise rewrote or blanked one (record-noise.ts).
    const dateNoise = ['copied-from-household', 'month-day-swap', 'wrong-digits'];
    const written = (row: FamilyRow): boolean =>
      row.birth_date !== undefined &&
      row.birth_date !== '' &&
      !dateNoise.some((noise) => (row.tags ?? '').split(';').includes(noise));
    for (const junior of tagged('junior')) {
      const father = [...parseTags(junior.tags).relations].find(([, k]) =>
        k.has('generational-of'),
      );
      assert.ok(father);
      const fathers = firstOf(father[0]);
      if (!written(junior) || !written(fathers)) continue;
      assert.ok((fathers.birth_date ?? '') < (junior.birth_date ?? ''));
    }
  });

  it('is the same for the same seed', async () => {
    const [names, nicknames] = await Promise.all([
      readNameFrequencies(path.join(REFERENCE, 'us-names')),
      readNicknamePairs(path.join(REFERENCE, 'nicknames', 'names.csv')),
    ]);
    const households = readSeedHouseholds(
      path.join(REFERENCE, 'pseudopeople-households', 'census-2020.csv'),
    );
    const again = generateFamilyRows({ people: 3000, seed: 7, households, names, nicknames });
    assert.deepEqual(again, rows);
  });
});
