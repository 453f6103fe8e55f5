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

/** Where a co-twin's name comes from. */
export interface CoTwinNames {
  /** A name drawn by frequency. */
  draw(): string;
  /** Every name of the co-twin's sex. */
  readonly pool: readonly string[];
  /** One name in two forms (John / Jack): never given to two twins. */
  sameName(a: string, b: string): boolean;
}

/**
 * A co-twin's given name of the kind asked for, drawn by frequency (a few hundred tries) and
 * else uniformly among the names of the pool that fit, never a form of a sibling's name; null
 * when no name in the table fits.
 */
export function coTwinName(
  names: CoTwinNames,
  siblings: readonly string[],
  kind: TwinNameKind,
  random: Random,
): string | null {
  const first = siblings[0] ?? '';
  const fits = (name: string): boolean =>
    !siblings.some((sibling) => names.sameName(sibling, name)) && FITS[kind](first, name);
  const { draw, pool } = names;
  for (let attempt = 0; attempt < 300; attempt++) {
    const name = draw();
    if (fits(name)) return name;
  }
  const all = pool.filter(fits);
  return all.length > 0 ? random.pick(all) : null;
}
