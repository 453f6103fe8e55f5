/**
 * Newborn placeholder names (population-facts.md §2.5): over 80% of US NICUs registered
 * `Babyboy` / `Babygirl`; the Joint Commission now asks for forms built from the mother's
 * name (`Wendysgirl`, `2Judysgirl` for a second multiple, `Judy Girl B`). Such a "given name"
 * names a delivery, not a person: two babies of one mother share it, so it must never count as
 * given-name agreement. A trailing letter or a leading digit gives the birth order.
 */
export interface NewbornPlaceholder {
  /** 1 for `A` or a leading `1`, 2 for `B` or `2`, ...; null when none is written. */
  readonly birthOrder: number | null;
}

const PLACEHOLDER_WORDS = new Set([
  'baby',
  'babyboy',
  'babygirl',
  'boy',
  'girl',
  'infant',
  'newborn',
  'nb',
  'twin',
]);

/** `babyboy`, `baby girl b`, `boy`, `twin a`, `infant 2`. */
const BABY = /^(baby ?boy|baby ?girl|baby|boy|girl|infant|newborn|nb|twin)( ([a-f]|[1-6]))?$/;
/** `wendysgirl`, `2judysgirl`, `judys boy`. */
const MOTHERS_CHILD = /^([1-6])? ?[a-z]+s ?(boy|girl)$/;
/** `judy girl b`, `judy boy`. */
const MOTHER_THEN_SEX = /^[a-z]+ (boy|girl)( [a-f])?$/;

/** The placeholder a folded given name is, or null for a name. */
export function newbornPlaceholder(folded: string): NewbornPlaceholder | null {
  const baby = BABY.exec(folded);
  if (baby) return { birthOrder: orderOf(baby[3]) };
  const mothers = MOTHERS_CHILD.exec(folded);
  if (mothers && !PLACEHOLDER_WORDS.has(folded)) return { birthOrder: orderOf(mothers[1]) };
  const motherThenSex = MOTHER_THEN_SEX.exec(folded);
  if (motherThenSex) return { birthOrder: orderOf(motherThenSex[2]?.trim()) };
  return null;
}

function orderOf(mark: string | undefined): number | null {
  if (mark === undefined || mark === '') return null;
  const digit = Number(mark);
  if (Number.isInteger(digit)) return digit;
  return mark.charCodeAt(0) - 'a'.charCodeAt(0) + 1;
}
