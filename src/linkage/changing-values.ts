import { foldText } from '../matching/normalize/text-fold';
import { Offer, eventTime, trustRank } from './golden-offers';
import type { Contributor, GoldenRecord, GoldenValue, SurvivorshipRules } from './golden-record';
import { Sameness } from './value-clusters';

/**
 * Values that change over a life (a family name, on marriage or divorce) follow time, not the
 * vote: the newest registration says what the person is called now, however many older ones
 * say otherwise. Given name and birth date never change, so they are voted on, and they decide
 * which registrations may speak for the person: one that names another person (another given
 * name people carry, another birth date: a record linked in error) renames no one, while a
 * mistyped given name is no other person. A value no other registration shares and no one
 * carries (a spelling the comparisons could not place) is no change of name either.
 */
export interface Speakers {
  /** The person's golden given name and birth date, and how the comparisons tell them. */
  readonly golden: GoldenRecord;
  readonly sameGiven: Sameness;
  readonly sameBirthDate: Sameness;
  /** How common a folded given name, and a folded family name, is; 0 for one no one carries. */
  readonly givenFrequency: (folded: string) => number;
  readonly familyFrequency: (folded: string) => number;
}

const text = (value: GoldenValue | undefined): string | undefined =>
  value === undefined || value === null ? undefined : String(value);

/** The registration's given name is another name people carry than the person's. */
function otherGivenName(contributor: Contributor, speakers: Speakers): boolean {
  const mine = contributor.demographics.givenName;
  const golden = text(speakers.golden.givenName?.value);
  if (mine === null || golden === undefined) return false;
  const folded = foldText(mine);
  return speakers.givenFrequency(folded) > 0 && !speakers.sameGiven(folded, foldText(golden));
}

/** The registration's birth date is another date than the person's (not a typo of it). */
function otherBirthDate(contributor: Contributor, speakers: Speakers): boolean {
  const mine = contributor.demographics.birthDate;
  const golden = text(speakers.golden.birthDate?.value);
  return mine !== null && golden !== undefined && !speakers.sameBirthDate(mine, golden);
}

function speaksForPerson(contributor: Contributor, speakers: Speakers): boolean {
  return !otherGivenName(contributor, speakers) && !otherBirthDate(contributor, speakers);
}

/** A cluster that stands for a name: two registrations, or a name people carry. */
function standsForName(cluster: readonly Offer[], speakers: Speakers): boolean {
  return cluster.length >= 2 || cluster.some((o) => speakers.familyFrequency(o.folded) > 0);
}

/** Newest first by the time the source gives, then the most trusted, then record id. */
function newestFirst(a: Offer, b: Offer, rules: SurvivorshipRules): number {
  return (
    eventTime(b.contributor) - eventTime(a.contributor) ||
    trustRank(rules, a.contributor.source) - trustRank(rules, b.contributor.source) ||
    a.contributor.recordId.localeCompare(b.contributor.recordId)
  );
}

/**
 * The cluster of the newest registration that speaks for the person and whose value stands
 * for a name; undefined when none does (the vote decides then).
 */
export function newestCluster(
  clusters: readonly Offer[][],
  speakers: Speakers,
  rules: SurvivorshipRules,
): Offer[] | undefined {
  const candidates = clusters
    .filter((cluster) => standsForName(cluster, speakers))
    .flatMap((cluster) => cluster.map((offer) => ({ offer, cluster })))
    .filter(({ offer }) => speaksForPerson(offer.contributor, speakers))
    .sort((a, b) => newestFirst(a.offer, b.offer, rules));
  return candidates[0]?.cluster;
}
