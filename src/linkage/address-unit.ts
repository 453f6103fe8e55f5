import { eventTime, offersOf, trustRank } from './golden-offers';
import type { Contributor, GoldenRecord, SurvivorshipRules } from './survivorship';

/** Fields that describe where a person lives: taken together from one registration. */
export const ADDRESS_FIELDS = ['addressLine', 'city', 'state', 'postalCode'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/**
 * The address of the newest registration that has one, all of its parts together: a line
 * from one registration and a postal code from another would be a place nobody lives. Newest
 * by the time the source says the registration happened, then trust, then record id.
 */
export function addressUnit(
  contributors: readonly Contributor[],
  rules: SurvivorshipRules,
): GoldenRecord {
  const withAddress = contributors.filter((c) =>
    ADDRESS_FIELDS.some((f) => offersOf(f, [c]).length > 0),
  );
  const newest = [...withAddress].sort(
    (a, b) =>
      eventTime(b) - eventTime(a) ||
      trustRank(rules, a.source) - trustRank(rules, b.source) ||
      a.recordId.localeCompare(b.recordId),
  )[0];
  if (!newest) return {};
  const reason =
    withAddress.length === 1
      ? 'the only registration with an address'
      : `the address of the newest of ${withAddress.length} registrations with one, kept whole`;
  const golden: GoldenRecord = {};
  for (const field of ADDRESS_FIELDS) {
    const [offer] = offersOf(field, [newest]);
    if (offer)
      golden[field] = {
        value: offer.value,
        recordId: newest.recordId,
        source: newest.source,
        strategy: withAddress.length === 1 ? 'only-value' : 'most-recent',
        reason,
      };
  }
  return golden;
}
