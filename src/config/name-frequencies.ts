import * as fs from 'node:fs';
import * as path from 'node:path';
import { foldText } from '../matching/normalize/text-fold';

/**
 * How many people carry each given name and surname, from `data/reference/us-names` (a
 * simulated US population, see its README): survivorship prefers a common spelling over a
 * rare variant, which is most often a typo. Keys are folded names.
 */
export interface NameFrequencies {
  readonly given: ReadonlyMap<string, number>;
  readonly family: ReadonlyMap<string, number>;
}

function readCounts(file: string, into: Map<string, number>): void {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).slice(1);
  for (const line of lines) {
    const comma = line.lastIndexOf(',');
    const name = foldText(line.slice(0, comma));
    const count = Number(line.slice(comma + 1));
    if (comma > 0 && name !== '' && count > 0) into.set(name, (into.get(name) ?? 0) + count);
  }
}

/** Reads the tables under `referenceDir`; a missing file fails the boot like the nicknames. */
export function loadNameFrequencies(referenceDir: string): NameFrequencies {
  const dir = path.join(referenceDir, 'us-names');
  const given = new Map<string, number>();
  const family = new Map<string, number>();
  readCounts(path.join(dir, 'given-female.csv'), given);
  readCounts(path.join(dir, 'given-male.csv'), given);
  readCounts(path.join(dir, 'family.csv'), family);
  return { given, family };
}
