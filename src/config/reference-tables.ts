import * as fs from 'node:fs';
import * as path from 'node:path';
import { ReferenceTables, parseReferenceTables } from '../matching/normalize/reference-tables';

/**
 * Reads the reference tables from `referenceDir` (the repository's `data/reference`):
 * `nicknames/names.csv` with `nicknames/spanish-hypocorisms.csv`, `slavic-hypocorisms.csv` and `hebrew-yiddish-names.csv`, `given-names/names.txt` and `non-names/*.txt`. Parsing is pure and lives in src/matching; only the reading is here.
 * A missing or malformed file fails the boot, since matching without it would quietly differ.
 */
export function loadReferenceTables(referenceDir: string): ReferenceTables {
  const nicknameCsvs = [
    'names.csv',
    'spanish-hypocorisms.csv',
    'slavic-hypocorisms.csv',
    'hebrew-yiddish-names.csv',
  ].map((file) => fs.readFileSync(path.join(referenceDir, 'nicknames', file), 'utf8'));
  const givenNamesTxt = fs.readFileSync(
    path.join(referenceDir, 'given-names', 'names.txt'),
    'utf8',
  );
  const read = (file: string): string =>
    fs.readFileSync(path.join(referenceDir, 'non-names', file), 'utf8');
  const nonNames = { givenTxt: read('given.txt'), familyTxt: read('family.txt') };
  return parseReferenceTables({ nicknameCsvs, givenNamesTxt, nonNames });
}
