import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../src/config/app-config';
import { seededRandom } from '../../src/datasets/seeded-random';
import {
  frequencyNames,
  frequencyTable,
  readNameFrequencies,
} from '../../src/datasets/synthetic-name-source';
import { generateSyntheticPatients } from '../../src/datasets/synthetic-patients';

const US_NAMES = path.join(projectRoot(), 'data', 'reference', 'us-names');

/** Chance that two people drawn at random share the value: what sizes a blocking key's block. */
function collisionRate(values: string[]): number {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let sum = 0;
  for (const c of counts.values()) sum += (c / values.length) ** 2;
  return sum;
}

describe('name frequency tables', () => {
  it('draws each name in proportion to its count', () => {
    const table = frequencyTable([
      ['Common', 900],
      ['Rare', 100],
      ['Never', 0],
    ]);
    const names = frequencyNames({ male: table, female: table, family: table });
    const random = seededRandom('proportion');
    const drawn = Array.from({ length: 20_000 }, () => names.surname(random));
    const rare = drawn.filter((n) => n === 'Rare').length / drawn.length;
    assert.ok(rare > 0.08 && rare < 0.12, `Rare drawn ${rare}`);
    assert.ok(!drawn.includes('Never'));
  });

  it('never returns the name a draw must avoid', () => {
    const table = frequencyTable([
      ['Smith', 999],
      ['Jones', 1],
    ]);
    const names = frequencyNames({ male: table, female: table, family: table });
    const random = seededRandom('avoid');
    for (let i = 0; i < 200; i++) assert.equal(names.given(random, 'male', 'Smith'), 'Jones');
  });

  it('refuses a table with fewer than two names', () => {
    assert.throws(() => frequencyTable([['Only', 5]]), /two names/);
  });

  it('refuses a malformed table file, naming the line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-names-'));
    for (const file of ['given-male.csv', 'given-female.csv'])
      fs.writeFileSync(path.join(dir, file), 'name,count\nJohn,5\nJack,3\n');
    fs.writeFileSync(path.join(dir, 'family.csv'), 'name,count\nSmith,9\nJones,many\n');
    await assert.rejects(readNameFrequencies(dir), /family\.csv: line 3: expected name,count/);
  });

  it('gives a population with a long tail of surnames, as a real one has', async () => {
    const names = await readNameFrequencies(US_NAMES);
    const people = (options: { names?: typeof names }) => {
      const byEntity = new Map<string, string>();
      for (const { row } of generateSyntheticPatients({ people: 3000, seed: 5, ...options }))
        byEntity.set(row.entity_id, ((row.family_name ?? '').split(/[ -]/)[0] ?? '').toLowerCase());
      return [...byEntity.values()];
    };
    const builtIn = people({});
    const us = people({ names });
    assert.ok(new Set(builtIn).size < 500, `built-in: ${new Set(builtIn).size} surnames`);
    assert.ok(new Set(us).size > 1000, `US tables: ${new Set(us).size} surnames`);
    // Typos add rare spellings to both; the US surname collision rate is about 0.0008, the
    // built-in lists' about 0.009.
    assert.ok(collisionRate(us) < 0.003, `US collision rate ${collisionRate(us)}`);
    assert.ok(collisionRate(builtIn) > 0.005, `built-in collision rate ${collisionRate(builtIn)}`);
  });

  it('is reproducible with frequency tables too', async () => {
    const names = await readNameFrequencies(US_NAMES);
    const first = [...generateSyntheticPatients({ people: 200, seed: 9, names })];
    const again = [...generateSyntheticPatients({ people: 200, seed: 9, names })];
    assert.deepEqual(again, first);
  });
});
