import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

export type SeedRecord = Record<string, string>;

export interface SeedPair {
  readonly rung: string;
  readonly a: SeedRecord;
  readonly b: SeedRecord;
}

/** One registration at St Mary's; each rung of the ladder uses its own rare family name. */
function stMary(i: number, family: string, given: string, sex: string, birth: string): SeedRecord {
  return {
    source: 'st-mary',
    source_id: `SM-${i}`,
    given_name: given,
    family_name: family,
    birth_date: birth,
    sex,
    address_line: `${12 + i} Harbor Street`,
    city: 'Boston',
    state: 'MA',
    postal_code: '02110',
    phone: `617-555-01${10 + i}`,
  };
}

/** The same patient at City Clinic: moved house, new phone, and whatever `change` alters. */
function cityClinic(a: SeedRecord, i: number, change: SeedRecord): SeedRecord {
  const moved = {
    address_line: `${40 + i} Elm Avenue`,
    city: 'Dallas',
    state: 'TX',
    postal_code: '75201',
    phone: `214-555-02${10 + i}`,
  };
  return { ...a, ...moved, source: 'city-clinic', source_id: `CC-${i}`, ...change };
}

/**
 * Pairs of records of one patient with less and less evidence in common: same name and birth
 * date but a new address and phone; a nickname; one birth-date digit off; both. Which rungs
 * the model calls `probable` depends on its weights and thresholds, so the test asks
 * POST /api/compare and seeds only those: the review tasks then open whatever the model is.
 */
export function pairLadder(): SeedPair[] {
  const rungs: [string, string, string, string, string, SeedRecord][] = [
    ['name and birth date', 'Zephyrine', 'Alice', 'female', '1984-03-12', {}],
    [
      'name and birth date, no phone',
      'Okonkwo',
      'Marguerite',
      'female',
      '1990-11-02',
      { phone: '' },
    ],
    ['nickname', 'Quillfeather', 'Robert', 'male', '1975-06-14', { given_name: 'Bob' }],
    [
      'birth day off by one digit',
      'Brightwater',
      'Eleanor',
      'female',
      '1968-02-17',
      { birth_date: '1968-02-18' },
    ],
    [
      'nickname and one digit',
      'Halvorsen',
      'William',
      'male',
      '1959-09-23',
      { given_name: 'Bill', birth_date: '1959-09-28' },
    ],
    [
      'name, birth year off',
      'Achterberg',
      'Theodora',
      'female',
      '1971-04-09',
      { birth_date: '1972-04-09' },
    ],
    [
      'family name and birth date only',
      'Vantongeren',
      'Cornelius',
      'male',
      '1983-12-30',
      { given_name: 'Neil', sex: '' },
    ],
    [
      'typo in given name, one digit',
      'Marchetti',
      'Giovanna',
      'female',
      '1994-07-05',
      { given_name: 'Giovana', birth_date: '1994-07-06' },
    ],
    [
      'one digit off, same phone',
      'Lindqvist',
      'Ingrid',
      'female',
      '1979-05-21',
      { birth_date: '1979-05-27', phone: '617-555-0119' },
    ],
    [
      'nickname, one digit off, same phone',
      'Oyelaran',
      'Elizabeth',
      'female',
      '1988-10-03',
      { given_name: 'Liz', birth_date: '1988-10-08', phone: '617-555-0120' },
    ],
    ['given initial only', 'Szczepanik', 'Dorota', 'female', '1962-08-14', { given_name: 'D' }],
    [
      'one digit off, same street',
      'Featherstone',
      'Ambrose',
      'male',
      '1955-03-30',
      {
        birth_date: '1955-03-31',
        address_line: '24 Harbor Street',
        city: 'Boston',
        state: 'MA',
        postal_code: '02110',
      },
    ],
  ];
  return rungs.map(([rung, family, given, sex, birth, change], i) => {
    const a = stMary(i + 1, family, given, sex, birth);
    const b = Object.fromEntries(
      Object.entries(cityClinic(a, i + 1, change)).filter(([, v]) => v !== ''),
    );
    return { rung, a, b };
  });
}

/** Values that must never be found in the browser once the session is over. */
export const PHI = [
  'Zephyrine',
  'Quillfeather',
  'Okonkwo',
  'Brightwater',
  'Halvorsen',
  'Harbor Street',
  'Elm Avenue',
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
