import { Random } from '../seeded-random';
import { FamilyPerson } from './family-person';

/**
 * The name a newborn carries on the delivery admission, before the parents name it: the old
 * "Babyboy" / "Babygirl" (over 80% of 339 NICUs, Adelman 2015), the mother's first name
 * ("Wendysgirl", "1Judysgirl" for multiples, Adelman 2015) or the Joint Commission's form
 * ("Judy Girl A", NPSG.01.01.01 from 2019). No share of each is published: equal thirds.
 */
export function placeholderGiven(child: FamilyPerson, mother: string | undefined, random: Random) {
  const word = child.sex === 'female' ? 'girl' : 'boy';
  const order = child.multipleBirth;
  const style = mother === undefined ? 0 : random.int(3);
  if (style === 0) return `Baby${word}`;
  if (style === 1) return `${order ?? ''}${mother}s${word}`;
  const letter = order === undefined ? '' : ` ${String.fromCharCode(64 + order)}`;
  return `${mother} ${word.charAt(0).toUpperCase()}${word.slice(1)}${letter}`;
}
