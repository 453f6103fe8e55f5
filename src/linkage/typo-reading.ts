import { Offer } from './golden-offers';
import { NameFrequency } from './best-form';
import { NicknameTable, shareNicknameGroup } from '../matching/normalize/nickname-table';
import { withinOneEdit } from '../matching/compare/one-edit';

/**
 * A spelling nobody carries, written once, is most likely a typo. When the person's other
 * registrations back one known name a typo away from it (they write a typo of it or a nickname
 * of it) and none wrote the name itself, the typo is read as that name before the votes are
 * counted: `kimbedrly` beside `kim` reads as `kimberly`, which then wins as the formal name;
 * `stehanie` beside `stephnaie` reads as `stephanie`. A spelling written twice or more is left
 * alone: the same typo twice is rarer than a rare name.
 */
export interface Reading {
  offers: Offer[];
  /** What was read as what, for the provenance of the value that wins. */
  readAs: ReadonlyMap<string, string>;
}

export type ReadTypos = (offers: readonly Offer[]) => Reading;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every string one insertion, deletion, replacement or adjacent exchange from `word`. */
function oneEditAway(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail.length > 0) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2));
    for (const letter of LETTERS) {
      out.add(head + letter + tail);
      if (tail.length > 0) out.add(head + letter + tail.slice(1));
    }
  }
  out.delete(word);
  return out;
}

/** The case of the registration: `GEARLD` reads as `GERALD`, `Gearld` as `Gerald`. */
function inCaseOf(registered: string, folded: string): string {
  if (registered === registered.toUpperCase()) return folded.toUpperCase();
  if (registered === registered.toLowerCase()) return folded;
  return folded.charAt(0).toUpperCase() + folded.slice(1);
}

export function readTypos(nicknames: NicknameTable, frequency: NameFrequency): ReadTypos {
  const backs = (other: string, name: string): boolean =>
    other === name || withinOneEdit(other, name) || shareNicknameGroup(nicknames, other, name);

  /** The known name a typo stands for, by how many other registrations back it. */
  const readingOf = (typo: string, others: readonly string[]): string | undefined => {
    let best: { name: string; support: number; frequency: number } | undefined;
    for (const name of [...oneEditAway(typo)].sort()) {
      const known = frequency(name);
      if (known === 0) continue;
      const support = others.filter((other) => backs(other, name)).length;
      if (support === 0) continue;
      if (
        best === undefined ||
        support > best.support ||
        (support === best.support && known > best.frequency)
      ) {
        best = { name, support, frequency: known };
      }
    }
    // A name another registration wrote needs no reading: the typo already votes with it.
    return best === undefined || others.includes(best.name) ? undefined : best.name;
  };

  return (registered) => {
    const folded = registered.map((o) => o.folded);
    const readAs = new Map<string, string>();
    // One value, however often written, has no other registration to back a reading: the
    // common case (one registration, or all agree) costs nothing.
    if (new Set(folded).size < 2) return { offers: [...registered], readAs };
    const offers = registered.map((offer) => {
      const typo = offer.folded;
      const once = folded.filter((f) => f === typo).length === 1;
      if (!once || typo.includes(' ') || frequency(typo) > 0) return offer;
      const name = readingOf(
        typo,
        folded.filter((f) => f !== typo),
      );
      if (name === undefined) return offer;
      readAs.set(name, typo);
      return { ...offer, folded: name, value: inCaseOf(String(offer.value), name) };
    });
    return { offers, readAs };
  };
}
