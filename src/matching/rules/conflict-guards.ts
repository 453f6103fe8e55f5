import { birthDateRelation } from '../compare/birth-date-comparison';
import { jaroWinkler } from '../compare/jaro-winkler';
import { differentBirthOrders } from '../compare/multiple-birth-comparison';
import {
  isInitialOf,
  namesSwappedAlike,
  sameGivenName,
  sameNonNull,
} from '../compare/name-similarity';
import { isKnownSex } from '../compare/sex-comparison';
import { MatchFeatures } from '../record-types';

/**
 * Sharp conflicts that make two records two people however much else agrees: the signs of
 * twins (different birth orders, different given names on one birth date), a father and son
 * (Jr / Sr, birth dates decades apart) or a parent's number on a child's record. A model names
 * the guards it uses (`deterministicRules.guards`); each is a pure test on a pair.
 */
export const GUARD_NAMES = [
  'different-birth-order',
  'suffix-conflict',
  'birth-date-conflict',
  'sex-and-birth-date-conflict',
  'given-name-conflict',
  'given-name-and-birth-date-conflict',
] as const;

export type GuardName = (typeof GUARD_NAMES)[number];

export interface ConflictGuard {
  readonly holds: (a: MatchFeatures, b: MatchFeatures) => boolean;
  /**
   * Whether the guard also stops a shared identifier from linking. One conflicting given name
   * or one conflicting birth date does not: under one number those are far more often a typo
   * or an unknown nickname than another person; both together are the sign of a parent's
   * number on a child's record.
   */
  readonly checksSharedIdentifier: boolean;
  /** Says what conflicts, never the values. */
  readonly reason: string;
}

/** Below this Jaro-Winkler similarity, with no nickname or sound in common, given names conflict. */
const GIVEN_NAME_CONFLICT_SIMILARITY = 0.8;

export function isGuardName(name: string): name is GuardName {
  return (GUARD_NAMES as readonly string[]).includes(name);
}

export const GUARDS: Readonly<Record<GuardName, ConflictGuard>> = {
  'different-birth-order': {
    holds: (a, b) => differentBirthOrders(a.multipleBirth, b.multipleBirth),
    checksSharedIdentifier: true,
    reason: 'different birth orders (twins)',
  },
  'suffix-conflict': {
    holds: (a, b) => a.suffix !== null && b.suffix !== null && a.suffix !== b.suffix,
    checksSharedIdentifier: true,
    reason: 'generational suffixes differ (Jr / Sr)',
  },
  'birth-date-conflict': {
    holds: birthDatesConflictAcrossYears,
    checksSharedIdentifier: false,
    reason: 'birth dates differ in the year and in month or day',
  },
  'sex-and-birth-date-conflict': {
    holds: (a, b) =>
      isKnownSex(a.sex) && isKnownSex(b.sex) && a.sex !== b.sex && a.birthDate !== b.birthDate,
    checksSharedIdentifier: true,
    reason: 'sex and birth date differ',
  },
  'given-name-conflict': {
    holds: givenNamesConflict,
    checksSharedIdentifier: false,
    reason: 'given names differ (no nickname, spelling or sound in common)',
  },
  'given-name-and-birth-date-conflict': {
    holds: (a, b) => givenNamesConflict(a, b) && birthDatesConflict(a, b),
    checksSharedIdentifier: true,
    reason: 'given names and birth dates differ',
  },
};

function birthDatesConflict(a: MatchFeatures, b: MatchFeatures): boolean {
  return (
    a.birthDate !== null &&
    b.birthDate !== null &&
    birthDateRelation(a.birthDate, b.birthDate) === 'different'
  );
}

/**
 * The birth-date guard on its own stands for two generations under one name: a father and son
 * without their Jr / Sr, a parent's record. Those never share a birth year. Dates of one year
 * that differ in month and day both are one date mistyped or misremembered: twins share the
 * whole date, and siblings born in one year carry given names of their own, which the
 * given-name guards see. (Paired with a given-name conflict, where a parent's number on a
 * child's record is the danger, any such difference still counts.)
 */
function birthDatesConflictAcrossYears(a: MatchFeatures, b: MatchFeatures): boolean {
  return birthDatesConflict(a, b) && !sameBirthYear(a.birthDate ?? '', b.birthDate ?? '');
}

/** ISO dates (`YYYY-MM-DD`) of one year; compared in place, as the guards run per candidate. */
function sameBirthYear(a: string, b: string): boolean {
  for (let i = 0; i < 4; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

export function givenNamesConflict(a: MatchFeatures, b: MatchFeatures): boolean {
  if (a.given === null || b.given === null || a.given === b.given) return false;
  if (sameGivenName(a, b) || sameNonNull(a.givenMetaphone, b.givenMetaphone)) return false;
  if (isInitialOf(a.given, b.given)) return false;
  // Names written the other way round, even with a typo, are the same names, not a conflict.
  if (namesSwappedAlike(a, b, GIVEN_NAME_CONFLICT_SIMILARITY)) return false;
  return jaroWinkler(a.given, b.given) < GIVEN_NAME_CONFLICT_SIMILARITY;
}
