import { foldText } from '../matching/normalize/text-fold';
import { Demographics } from '../formats/demographics';
import { isPlaceholder } from './placeholder-values';
import type { Contributor, GoldenField, GoldenValue, SurvivorshipRules } from './golden-record';

/**
 * What survivorship weighs: each registration's value of a field (an offer), folded for
 * comparison but kept in its registered form for display, and the orders that pick one offer
 * among equals (trust, event time, record id).
 */
export interface Offer {
  value: NonNullable<GoldenValue>;
  folded: string;
  contributor: Contributor;
}

export const eventTime = (c: Contributor): number => Date.parse(c.eventAt ?? c.changedAt);

/** Lower is more trusted; unlisted sources share the rank after the listed ones. */
export function trustRank(rules: SurvivorshipRules, source: string): number {
  const rank = rules.sourceTrust.indexOf(source);
  return rank === -1 ? rules.sourceTrust.length : rank;
}

/** Most trusted, then newest, then lowest record id: one offer, the same on every recompute. */
export function preferredOffer(
  offers: readonly Offer[],
  rules: SurvivorshipRules,
): Offer | undefined {
  return [...offers].sort(
    (a, b) =>
      trustRank(rules, a.contributor.source) - trustRank(rules, b.contributor.source) ||
      eventTime(b.contributor) - eventTime(a.contributor) ||
      a.contributor.recordId.localeCompare(b.contributor.recordId),
  )[0];
}

/** A name in the form its source registered it (case, accents, hyphens), else as stored. */
function registeredForm(field: GoldenField, d: Demographics): NonNullable<GoldenValue> | null {
  const stored = d[field];
  const registered = (d.registered as Partial<Record<GoldenField, string>> | undefined)?.[field];
  return registered !== undefined &&
    stored !== null &&
    foldText(registered) === foldText(String(stored))
    ? registered
    : stored;
}

/** Free text compares folded; dates, codes and numbers as they are stored. */
const FREE_TEXT: ReadonlySet<GoldenField> = new Set([
  'givenName',
  'middleName',
  'familyName',
  'mothersMaidenName',
  'suffix',
  'addressLine',
  'city',
  'state',
]);

export function offersOf(field: GoldenField, contributors: readonly Contributor[]): Offer[] {
  return contributors.flatMap((contributor) => {
    const value = registeredForm(field, contributor.demographics);
    if (value === null || value === undefined || value === '') return [];
    const folded = FREE_TEXT.has(field) ? foldText(String(value)) : String(value);
    return folded === '' || isPlaceholder(field, folded) ? [] : [{ value, folded, contributor }];
  });
}

/**
 * How much a spelling says beyond its fold: mixed case (not a system's capitals or lower
 * case), then accents, then apostrophes and hyphens. Of registrations of one name, the
 * richest supplies it.
 */
export function formRichness(value: NonNullable<GoldenValue>): number {
  const text = String(value);
  const mixed = /\p{Lu}/u.test(text) && /\p{Ll}/u.test(text) ? 4 : 0;
  const accents = /[^\x20-\x7e]/.test(text) ? 2 : 0;
  return mixed + accents + (/['\u2019-]/.test(text) ? 1 : 0);
}
