import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Records for the steward page's end-to-end test, and a scan of the browser profile.
 *
 * Pairs that agree on name (or a nickname of it) and birth date but on neither address nor
 * phone: probable matches under the default model, so the second of each pair opens a review
 * task. (With the same address a nickname and one birth-date digit off is already certain.)
 */
export const FIRST = [
  {
    source: 'st-mary',
    source_id: 'SM-1',
    given_name: 'Alice',
    family_name: 'Zephyrine',
    birth_date: '1984-03-12',
    sex: 'female',
    address_line: '12 Harbor Street',
    city: 'Boston',
    state: 'MA',
    postal_code: '02110',
    phone: '617-555-0142',
  },
  {
    source: 'st-mary',
    source_id: 'SM-2',
    given_name: 'Robert',
    family_name: 'Quillfeather',
    birth_date: '1975-06-14',
    sex: 'male',
    address_line: '4 Orchard Lane',
    city: 'Springfield',
    state: 'IL',
    postal_code: '62704',
    phone: '217-555-0110',
  },
  {
    source: 'st-mary',
    source_id: 'SM-3',
    given_name: 'Marguerite',
    family_name: 'Okonkwo',
    birth_date: '1990-11-02',
    sex: 'female',
    address_line: '77 Pine Road',
    city: 'Austin',
    state: 'TX',
    postal_code: '73301',
    phone: '512-555-0177',
  },
];
export const SECOND = [
  {
    source: 'city-clinic',
    source_id: 'CC-1',
    given_name: 'Alice',
    family_name: 'Zephyrine',
    birth_date: '1984-03-12',
    sex: 'female',
    address_line: '9 Elm Avenue',
    city: 'Worcester',
    state: 'MA',
    postal_code: '01608',
    phone: '617-555-9931',
  },
  {
    source: 'city-clinic',
    source_id: 'CC-2',
    given_name: 'Bob',
    family_name: 'Quillfeather',
    birth_date: '1975-06-14',
    sex: 'male',
    address_line: '88 Mill Road',
    city: 'Peoria',
    state: 'IL',
    postal_code: '61602',
  },
  {
    source: 'city-clinic',
    source_id: 'CC-3',
    given_name: 'Marguerite',
    family_name: 'Okonkwo',
    birth_date: '1990-11-02',
    sex: 'female',
    address_line: '3 Lake Drive',
    city: 'Dallas',
    state: 'TX',
    postal_code: '75201',
    phone: '214-555-0123',
  },
];
/** Values that must never be found in the browser once the session is over. */
export const PHI = [
  'Zephyrine',
  'Quillfeather',
  'Okonkwo',
  'Harbor Street',
  'Orchard Lane',
  '1984-03-12',
];

/**
 * Files under `dir` whose bytes contain any of `needles`, ignoring case (the service answers
 * with normalized, lower-case values): the HTTP cache, LevelDB stores, session files.
 */
export function filesContaining(dir: string, needles: readonly string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(full);
      else if (stat.size < 50_000_000) {
        const text = readFileSync(full).toString('latin1').toLowerCase();
        if (needles.some((n) => text.includes(n.toLowerCase())))
          hits.push(path.relative(dir, full));
      }
    }
  };
  walk(dir);
  return hits;
}
