import * as fs from 'node:fs';
import * as path from 'node:path';
import { Random } from './seeded-random';
import {
  FEMALE_GIVEN_NAMES,
  HISPANIC_SURNAMES,
  MALE_GIVEN_NAMES,
  SURNAMES,
} from './synthetic-name-pools';

export type Sex = 'male' | 'female';

/** Where the synthetic population's names come from. `not` is a name the draw must avoid. */
export interface NameSource {
  given(random: Random, sex: Sex, not?: string): string;
  surname(random: Random, not?: string): string;
  /** A surname that forms Hispanic double surnames. */
  hispanicSurname(random: Random, not?: string): string;
}

const pickOther = (random: Random, pool: readonly string[], not?: string): string =>
  random.pick(not === undefined ? pool : pool.filter((n) => n !== not));

/**
 * The small built-in lists, every name equally likely: frequent names make same-name
 * collisions, which is what accuracy tests want; at a million people it makes blocks far
 * larger than real ones (7,900 people per surname).
 */
export const BUILT_IN_NAMES: NameSource = {
  given: (random, sex, not) =>
    pickOther(random, sex === 'male' ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES, not),
  surname: (random, not) => pickOther(random, SURNAMES, not),
  hispanicSurname: (random, not) => pickOther(random, HISPANIC_SURNAMES, not),
};

/** Names with how many people carry each, drawn in proportion. */
export interface FrequencyTable {
  readonly names: readonly string[];
  /** Running total of the counts, in the order of `names`. */
  readonly cumulative: readonly number[];
}

export function frequencyTable(rows: readonly (readonly [string, number])[]): FrequencyTable {
  const names: string[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [name, count] of rows) {
    if (!(count > 0)) continue;
    total += count;
    names.push(name);
    cumulative.push(total);
  }
  if (names.length < 2) throw new Error('a name frequency table needs two names or more');
  return { names, cumulative };
}

function draw(table: FrequencyTable, random: Random, not?: string): string {
  const total = table.cumulative[table.cumulative.length - 1] ?? 0;
  for (;;) {
    const ticket = random.int(total);
    let low = 0;
    let high = table.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((table.cumulative[middle] ?? 0) > ticket) high = middle;
      else low = middle + 1;
    }
    const name = table.names[low] ?? '';
    if (name !== not) return name;
  }
}

export interface NameFrequencies {
  readonly male: FrequencyTable;
  readonly female: FrequencyTable;
  readonly family: FrequencyTable;
}

/**
 * Names drawn as often as people carry them (data/reference/us-names): a long tail of rare
 * names, so a block holds about as many strangers as it would in a real population.
 */
export function frequencyNames(tables: NameFrequencies): NameSource {
  return {
    given: (random, sex, not) => draw(sex === 'male' ? tables.male : tables.female, random, not),
    surname: (random, not) => draw(tables.family, random, not),
    // The table holds Hispanic surnames at their own frequency.
    hispanicSurname: (random, not) => draw(tables.family, random, not),
  };
}

async function readTable(file: string): Promise<FrequencyTable> {
  const lines = (await fs.promises.readFile(file, 'utf8')).split(/\r?\n/);
  const rows: [string, number][] = [];
  lines.forEach((line, index) => {
    if (index === 0 || line.trim() === '') return;
    const comma = line.lastIndexOf(',');
    const count = Number(line.slice(comma + 1));
    if (comma < 1 || !Number.isInteger(count) || count < 0)
      throw new Error(`${path.basename(file)}: line ${index + 1}: expected name,count`);
    rows.push([line.slice(0, comma).trim(), count]);
  });
  return frequencyTable(rows);
}

/** Reads `given-male.csv`, `given-female.csv` and `family.csv` (`name,count`) of a folder. */
export async function readNameFrequencies(dir: string): Promise<NameFrequencies> {
  const [male, female, family] = await Promise.all([
    readTable(path.join(dir, 'given-male.csv')),
    readTable(path.join(dir, 'given-female.csv')),
    readTable(path.join(dir, 'family.csv')),
  ]);
  return { male, female, family };
}
