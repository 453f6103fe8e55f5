import { withinOneEdit } from '../compare/one-edit';

/**
 * One spelling per address word, after folding: street suffixes to their USPS Publication 28
 * abbreviation (plus the Australian ones FEBRL uses), directionals to their letters, unit
 * designators to a short form. Both sides of a comparison go through the same table, so the
 * choice of form matters less than having exactly one.
 */

const STREET_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  aly: ['alley', 'ally'],
  ave: ['avenue', 'av', 'aven', 'avenu', 'avn', 'avnue'],
  blvd: ['boulevard', 'boul', 'boulv'],
  cct: ['circuit'],
  cir: ['circle', 'circ', 'circl', 'crcl'],
  cl: ['close'],
  cres: ['crescent', 'cresent', 'crsnt'],
  ct: ['court', 'crt'],
  dr: ['drive', 'drv', 'driv'],
  esp: ['esplanade'],
  expy: ['expressway', 'expw', 'expr', 'express'],
  fwy: ['freeway', 'frwy'],
  gr: ['grove', 'grv'],
  hwy: ['highway', 'hiway', 'hway'],
  ln: ['lane'],
  pde: ['parade'],
  pkwy: ['parkway', 'pky', 'pkway', 'parkwy'],
  pl: ['place'],
  plz: ['plaza', 'plza'],
  rd: ['road'],
  sq: ['square', 'sqr'],
  st: ['street', 'str', 'strt'],
  ter: ['terrace', 'terr'],
  trl: ['trail', 'trails'],
  way: ['wy'],
};

const DIRECTIONALS: Readonly<Record<string, readonly string[]>> = {
  n: ['north'],
  s: ['south'],
  e: ['east'],
  w: ['west'],
  ne: ['northeast'],
  nw: ['northwest'],
  se: ['southeast'],
  sw: ['southwest'],
};

const UNIT_DESIGNATORS: Readonly<Record<string, readonly string[]>> = {
  apt: ['apartment', 'appt', 'apt', 'flat'],
  bldg: ['building'],
  fl: ['floor', 'flr'],
  rm: ['room'],
  ste: ['suite'],
  unit: ['unt'],
};

function invert(table: Readonly<Record<string, readonly string[]>>): Map<string, string> {
  const words = new Map<string, string>();
  for (const [canonical, spellings] of Object.entries(table)) {
    words.set(canonical, canonical);
    for (const spelling of spellings) words.set(spelling, canonical);
  }
  return words;
}

/** Folded address word -> its one form; words not in the tables are absent. */
export const ADDRESS_WORDS: ReadonlyMap<string, string> = new Map([
  ...invert(STREET_SUFFIXES),
  ...invert(DIRECTIONALS),
  ...invert(UNIT_DESIGNATORS),
]);

/** Full street-suffix spellings long enough for a typo in them to be told from another word. */
const LONG_SUFFIX_SPELLINGS: readonly [string, string][] = Object.entries(STREET_SUFFIXES).flatMap(
  ([canonical, spellings]) =>
    spellings.filter((s) => s.length >= 5).map((s): [string, string] => [s, canonical]),
);

/**
 * The suffix a long, unknown word is one typo away from (`xtreet` -> st, `avenoe` -> ave,
 * `boulevrad` -> blvd), by the name comparisons' own measure of one typo; undefined when it is
 * near none, or near two different suffixes. Short words are left alone: `dive` or `cort` are
 * too close to too much.
 */
export function misspelledSuffix(word: string): string | undefined {
  if (word.length < 5 || ADDRESS_WORDS.has(word) || /\d/.test(word)) return undefined;
  const near = new Set(
    LONG_SUFFIX_SPELLINGS.filter(([spelling]) => withinOneEdit(word, spelling)).map(([, c]) => c),
  );
  return near.size === 1 ? [...near][0] : undefined;
}

/** Unit designators in their one form, so `apt #4` does not become `apt apt 4`. */
export const UNIT_FORMS: ReadonlySet<string> = new Set(Object.keys(UNIT_DESIGNATORS));

/** US states and territories, and Australian states, by folded full name. */
// prettier-ignore
export const STATE_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    alabama: 'al', alaska: 'ak', arizona: 'az', arkansas: 'ar', california: 'ca',
    colorado: 'co', connecticut: 'ct', delaware: 'de', 'district of columbia': 'dc',
    florida: 'fl', georgia: 'ga', hawaii: 'hi', idaho: 'id', illinois: 'il', indiana: 'in',
    iowa: 'ia', kansas: 'ks', kentucky: 'ky', louisiana: 'la', maine: 'me', maryland: 'md',
    massachusetts: 'ma', michigan: 'mi', minnesota: 'mn', mississippi: 'ms', missouri: 'mo',
    montana: 'mt', nebraska: 'ne', nevada: 'nv', 'new hampshire': 'nh', 'new jersey': 'nj',
    'new mexico': 'nm', 'new york': 'ny', 'north carolina': 'nc', 'north dakota': 'nd',
    ohio: 'oh', oklahoma: 'ok', oregon: 'or', pennsylvania: 'pa', 'rhode island': 'ri',
    'south carolina': 'sc', 'south dakota': 'sd', tennessee: 'tn', texas: 'tx', utah: 'ut',
    vermont: 'vt', virginia: 'va', washington: 'wa', 'west virginia': 'wv', wisconsin: 'wi',
    wyoming: 'wy', 'puerto rico': 'pr', guam: 'gu', 'american samoa': 'as',
    'virgin islands': 'vi', 'us virgin islands': 'vi', 'northern mariana islands': 'mp',
    'new south wales': 'nsw', victoria: 'vic', queensland: 'qld', 'south australia': 'sa',
    'western australia': 'wa', tasmania: 'tas', 'australian capital territory': 'act',
    'northern territory': 'nt',
  }),
);
