import { withinOneEdit } from '../matching/compare/one-edit';
import { Offer, eventTime, offersOf, trustRank } from './golden-offers';
import type {
  Contributor,
  GoldenFieldValue,
  GoldenRecord,
  SurvivorshipRules,
} from './golden-record';

/** Fields that describe where a person lives: taken together from one registration. */
export const ADDRESS_FIELDS = ['addressLine', 'city', 'state', 'postalCode'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

const hasAddress = (c: Contributor): boolean =>
  ADDRESS_FIELDS.some((f) => offersOf(f, [c]).length > 0);

/**
 * Two registrations of one address: their lines alike (equal or one typo apart), or, when
 * one has no line, the same postal code. Only such a registration may complete the other.
 */
function sameAddress(a: Contributor, b: Contributor): boolean {
  const [lineA, lineB] = [a.demographics.addressLine, b.demographics.addressLine];
  if (lineA && lineB) return lineA === lineB || withinOneEdit(lineA, lineB);
  const postal = a.demographics.postalCode;
  return postal !== null && postal === b.demographics.postalCode;
}

function newestFirst(contributors: Contributor[], rules: SurvivorshipRules): Contributor[] {
  return contributors.sort(
    (a, b) =>
      eventTime(b) - eventTime(a) ||
      trustRank(rules, a.source) - trustRank(rules, b.source) ||
      a.recordId.localeCompare(b.recordId),
  );
}

/**
 * The address of the newest registration that has one, all of its parts together: a line
 * from one registration and a postal code from another address would be a place nobody
 * lives. Newest by the time the source says the registration happened, then trust, then
 * record id. Each part is written as most registrations of that same address wrote it (the
 * newest among equals): a part the newest left blank or mistyped comes from older ones, and
 * says so.
 */
export function addressUnit(
  contributors: readonly Contributor[],
  rules: SurvivorshipRules,
): GoldenRecord {
  const ordered = newestFirst(contributors.filter(hasAddress), rules);
  const [newest] = ordered;
  if (!newest) return {};
  const whole =
    ordered.length === 1
      ? 'the only registration with an address'
      : `the address of the newest of ${ordered.length} registrations with one, kept whole`;
  const strategy = ordered.length === 1 ? 'only-value' : 'most-recent';
  const sameOnes = ordered.filter((c) => c === newest || sameAddress(newest, c));
  const golden: GoldenRecord = {};
  for (const field of ADDRESS_FIELDS) {
    const offer = mostRegistered(sameOnes.flatMap((c) => offersOf(field, [c])));
    if (offer) golden[field] = addressValue(offer, newest, strategy, whole);
  }
  return golden;
}

/**
 * Of one address's spellings of a part, the one most of its registrations wrote (a postal
 * code mistyped once is outvoted), the newest among equals; offers come newest first.
 */
function mostRegistered(offers: Offer[]): Offer | undefined {
  const count = (o: Offer): number => offers.filter((x) => x.folded === o.folded).length;
  return offers.reduce<Offer | undefined>(
    (best, o) => (best === undefined || count(o) > count(best) ? o : best),
    undefined,
  );
}

function addressValue(
  offer: Offer,
  newest: Contributor,
  strategy: GoldenFieldValue['strategy'],
  whole: string,
): GoldenFieldValue {
  const own = offer.contributor === newest;
  return {
    value: offer.value,
    recordId: offer.contributor.recordId,
    source: offer.contributor.source,
    strategy,
    reason: own ? whole : `${whole}; this part as most registrations of the same address wrote it`,
  };
}
