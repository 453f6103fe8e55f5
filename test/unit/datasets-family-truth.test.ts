import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { projectRoot } from '../../src/config/app-config';
import { readNameFrequencies, readNicknamePairs, readSeedHouseholds } from '../../src/datasets';
import {
  buildFamilies,
  FamiliesOptions,
  generateFamilyRows,
} from '../../src/datasets/families/families-generator';
import { addressOn } from '../../src/datasets/families/family-households';
import { familyNameOn } from '../../src/datasets/families/family-registrations';
import { familyTruthRows } from '../../src/datasets/families/family-truth';

const REFERENCE = path.join(projectRoot(), 'data', 'reference');

describe('families: the truth of each person', () => {
  let options: FamiliesOptions;
  before(async () => {
    const [names, nicknames] = await Promise.all([
      readNameFrequencies(path.join(REFERENCE, 'us-names')),
      readNicknamePairs(path.join(REFERENCE, 'nicknames', 'names.csv')),
    ]);
    const households = readSeedHouseholds(
      path.join(REFERENCE, 'pseudopeople-households', 'census-2020.csv'),
    );
    options = { people: 400, seed: 11, households, names, nicknames };
  });

  it('has one row for each person the rows register, and the people are the same', () => {
    const truth = familyTruthRows(options);
    const rows = generateFamilyRows(options);
    assert.deepEqual(new Set(truth.map((t) => t.entity_id)), new Set(rows.map((r) => r.entity_id)));
    const byEntity = new Map(truth.map((t) => [t.entity_id, t]));
    const bornOnTheDay = rows.filter((r) => r.birth_date === byEntity.get(r.entity_id)?.birth_date);
    assert.ok(bornOnTheDay.length > 0.9 * rows.length, 'registrations carry the true birth date');
  });

  it('writes records in the order they happened', () => {
    const dates = buildFamilies(options).records.map((r) => r.date);
    assert.deepEqual(dates, [...dates].sort());
  });

  it('is each person as of their newest record: the name and home of that day', () => {
    const { records } = buildFamilies(options);
    const truth = new Map(familyTruthRows(options).map((t) => [t.entity_id, t]));
    const newest = new Map(records.map((r) => [r.person, r]));
    assert.ok([...newest.keys()].some((p) => p.before !== undefined));
    for (const [person, record] of newest) {
      const own = truth.get(person.entityId);
      assert.equal(own?.family_name, familyNameOn(person, record.date));
      assert.equal(own?.postal_code, addressOn(person.household, record.date).postalCode);
    }
  });

  it('says whose name changed and who moved', () => {
    const truth = familyTruthRows(options);
    assert.ok(truth.some((t) => t.name_changed === 'true'));
    assert.ok(truth.every((t) => t.moved === 'true' || t.moved === 'false'));
  });
});
