import { doubleMetaphone } from 'double-metaphone';
import { Random } from '../seeded-random';
import { FAMILY_FACTS } from './family-facts';

/**
 * How parents name twins (Plank, Names 1964): most pairs share an initial (Aiden / Amelia),
 * some sound alike or rhyme (Aiden / Aidan, Jayden / Brayden), the rest differ.
 */
export type TwinNameKind = 'same-initial' | 'similar-name' | 'dissimilar-name';

const sound = (name: string): string => doubleMetaphone(name)[0];

/** Same sound, or the same last three letters (a rhyme), but another initial or spelling. */
function soundsAlike(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return false;
  return sound(x) === sound(y) || (x.length > 3 && y.length > 3 && x.slice(-3) === y.slice(-3));
}

const FITS: Readonly<Record<TwinNameKind, (sibling: string, name: string) => boolean>> = {
  'same-initial': (s, n) => n !== s && n[0] === s[0] && !soundsAlike(s, n),
  'similar-name': (s, n) => soundsAlike(s, n),
  'dissimilar-name': (s, n) => n[0] !== s[0] && !soundsAlike(s, n),
};

export function twinNameKind(random: Random): TwinNameKind {
  const { sameInitial, similarSound, dissimilar } = FAMILY_FACTS.twinNames;
  return (['same-initial', 'similar-name', 'dissimilar-name'] as const)[
    random.weighted([sameInitial, similarSound, dissimilar])
  ] as TwinNameKind;
}

/**
 * A co-twin's given name of the kind asked for, drawn by `draw` (by frequency; a few hundred
 * tries) and else uniformly among the names of `pool` that fit; null when no name in the table fits.
 */
export function coTwinName(
  draw: () => string,
  pool: readonly string[],
  siblings: readonly string[],
  kind: TwinNameKind,
  random: Random,
): string | null {
  const first = siblings[0] ?? '';
  const fits = (name: string): boolean => !siblings.includes(name) && FITS[kind](first, name);
  for (let attempt = 0; attempt < 300; attempt++) {
    const name = draw();
    if (fits(name)) return name;
  }
  const all = pool.filter(fits);
  return all.length > 0 ? random.pick(all) : null;
}
