import { birthDateRelation } from '../compare/birth-date-comparison';
import { jaroWinkler } from '../compare/jaro-winkler';
import { differInLastCharacterOnly } from '../compare/identifier-tokens';
import { withinOneEditOrMisread } from '../compare/misread';
import {
  declaredSingleton,
  declaresMultipleBirth,
  differentBirthOrders,
  sameBirthOrder,
} from '../compare/multiple-birth-comparison';
import {
  alikeNames,
  compoundNamesDiffer,
  formalFormOfOther,
  initialAmongCrossedNames,
  isInitialOf,
  isShortForm,
  namesCrossed,
  namesSwapped,
  namesWithinOther,
  namesSwappedAlike,
  sameFullName,
  sameGivenName,
  sameNonNull,
  shareAny,
} from '../compare/name-similarity';
import { isKnownSex } from '../compare/sex-comparison';
import { GuardName } from '../model/rule-settings';
import { MatchFeatures } from '../record-types';

/**
 * Sharp conflicts that make two records two people however much else agrees: the signs of
 * twins (different birth orders, no given name of their own in common inside one household),
 * a father and son (Jr / Sr, birth dates a generation apart) or a parent's number on a
 * child's record. A model names the guards it uses (`deterministicRules.guards`); each is a
 * pure test on a pair and what the scoring learnt of it (whether the two share a household).
 * A guard that holds turns an automatic link into a review task, shared identifier or not:
 * identifiers are evidence, not verdicts.
 */
/** What the scoring found about a pair besides its features. */
export interface PairContext {
  /** Enough household fields agree (model/household-settings.ts). */
  readonly sameHousehold: boolean;
  /** One family name and too little else for one household: relatives apart, or a record with no home on it. */
  readonly sameFamily: boolean;
}

/** What the rules add to it before the guards run. */
export interface GuardContext extends PairContext {
  /**
   * Both carry the same number, or numbers one typo apart (not only in the last digit), under
   * one of the model's identifier authorities (guard-overrides.ts: nearIdentifierAuthority).
   */
  readonly nearIdentifier: boolean;
  /**
   * ... and that number is one a person carries (an SSN, a licence, a member number), not one
   * a record was given (an MRN) nor one of an unnamed kind (identifier-tokens.ts,
   * isPersonalNumber).
   */
  readonly nearPersonalIdentifier: boolean;
  /**
   * Under one authority both carry a number of their own and the two differ
   * (guard-overrides.ts: personalNumbersDiffer): two people's numbers, unless one is mistyped
   * beyond a typo.
   */
  readonly personalNumbersDiffer: boolean;
}

export interface ConflictGuard {
  readonly holds: (a: MatchFeatures, b: MatchFeatures, pair: GuardContext) => boolean;
  /**
   * Where it holds: whether only for want of evidence (a field missing), not because two
   * fields differ. Absent: a guard that holds always says two people.
   */
  readonly unconfirmed?: (a: MatchFeatures, b: MatchFeatures) => boolean;
  /** Says what conflicts, never the values. */
  readonly reason: string;
}

/** Below this Jaro-Winkler similarity, with no nickname or sound in common, given names conflict. */
const GIVEN_NAME_CONFLICT_SIMILARITY = 0.8;
/** The family-name comparison's Jaro-Winkler level: below it, with nothing else alike, two names. */
const FAMILY_NAME_ALIKE_SIMILARITY = 0.92;
/** Jaro-Winkler similarity at which two real names count as alike (the model's level uses it too). */
const ALIKE_NAMES_SIMILARITY = 0.88;
/** Birth years this far apart are two generations: a parent is rarely younger at a birth. */
const GENERATION_YEARS = 14;
/** ... and rarely older: dates further apart are no parent and child, but a date mistyped. */
const GENERATION_YEARS_AT_MOST = 60;

export const GUARDS: Readonly<Record<GuardName, ConflictGuard>> = {
  'different-birth-order': {
    holds: (a, b) => differentBirthOrders(a.multipleBirth, b.multipleBirth),
    reason: 'different birth orders (twins)',
  },
  'household-names': {
    // Inside one home, two different real given names are two of its members, and a number
    // they share may be one's copied onto the other's record: one MRN charted for twins (Leo /
    // Luca), a husband's SSN on his wife's record whose birth date is hers (Nataly / Paul). A
    // number of the person's own with nothing but the given name differing is a clerk's replaced
    // name (Hayley / Oakleigh in FEBRL, one birth date on both, one number; a date missing on
    // one side says nothing: a mother's SSN on her child's record), and the given-name guard
    // and its override weigh it -- unless the two names begin alike, as 62% of twins' do (Plank,
    // Names 1964) and a replaced name seldom does. A full middle name the two share confirms a
    // child renamed on adoption (Tyrone Marcus / Elijah Marcus). A real name mistyped or misread
    // (Mrgaret / Midge, Sarfah / Sally) is a typo, for the given-name guard too; a name our lists
    // lack is a name (twins Priya / Pooja under one SSN). Outside a home the given-name guard and
    // its override decide.
    holds: (a, b, pair) =>
      pair.sameHousehold &&
      countsAsName(a) &&
      countsAsName(b) &&
      givenNamesConflict(a, b) &&
      !sameFullMiddleName(a, b) &&
      !(pair.nearPersonalIdentifier && sameBirthDate(a, b) && !sameInitial(a, b)),
    reason:
      'one household, two different given names (two of its members), whatever number they share',
  },
  'suffix-conflict': {
    holds: (a, b) => a.suffix !== null && b.suffix !== null && a.suffix !== b.suffix,
    reason: 'generational suffixes differ (Jr / Sr)',
  },
  generational: {
    holds: (a, b, pair) => birthDatesAGenerationApart(a, b, pair.personalNumbersDiffer),
    reason: 'birth dates a generation apart under one name or a Jr / Sr (a parent and child)',
  },
  'household-person-unconfirmed': {
    holds: (a, b, pair) => pair.sameHousehold && personVerdict(a, b, pair) !== 'confirmed',
    // A record without a given name (left blank, a newborn's placeholder), or one name
    // without a birth date beside it, confirms no one; two names that differ say two people.
    // Asked only where the guard held, so without a number the two share.
    unconfirmed: (a, b) => personVerdict(a, b, NO_NUMBER_SHARED) === 'unconfirmed',
    reason: 'one household, and no given name of their own in common (twins, siblings)',
  },
  'birth-date-conflict': {
    holds: birthDatesConflictAcrossYears,
    reason: 'birth dates differ in the year and in month or day',
  },
  'sex-and-birth-date-conflict': {
    holds: (a, b) => sexesConflict(a, b) && a.birthDate !== b.birthDate,
    reason: 'sex and birth date differ',
  },
  'given-name-conflict': {
    holds: givenNamesConflict,
    reason: 'given names differ (no nickname, spelling or sound in common)',
  },
  'given-name-and-birth-date-conflict': {
    // A missing given name confirms nothing: a newborn registered as `Babyboy` under a
    // parent's SSN differs from the parent in the birth date alone. Inside one home, two
    // names of their own that are alike but not one name (Crisanta / Cristina, sisters) do
    // not agree either: a record that differs from another member's in the name and the
    // birth date is that member's, whatever number was copied onto it.
    holds: (a, b, pair) =>
      birthDatesConflict(a, b) &&
      (!givenNamesAgree(a, b) || (pair.sameHousehold && twoNamesOfTheirOwn(a, b))),
    reason: 'birth dates differ, and the given names differ or one is missing',
  },
  'given-name-and-sex-conflict': {
    // The given-name guard gives way to a shared number on the grounds that a clerk replaced
    // one field; a clerk does not change the sex with it. Two personal fields in conflict
    // under one number are two people (a spouse's SSN copied onto the other's record). A
    // missing given name confirms nothing: a newborn's placeholder under its mother's SSN.
    holds: (a, b) => sexesConflict(a, b) && !givenNamesAgree(a, b),
    reason: 'given names and sex differ, or the sex differs and a given name is missing',
  },
  'names-conflict': {
    // Two of a person's names that both conflict, the given name and the family name or the
    // middle name (or its initial), are two people's names whatever number or birth date they
    // share: a clerk replaces a field, not a name and its neighbour, while a record copied from
    // another member of the home (an MRN reused, a parent's SSN, the date copied) carries all
    // of theirs. Names moved between fields keep one in common (Kelsey Warrior / Waller
    // Kelsey): no conflict.
    holds: (a, b) =>
      givenNamesConflict(a, b) &&
      (familyNamesConflict(a, b) || middleNamesConflict(a, b) || middleInitialsConflict(a, b)) &&
      !aNameAcrossFields(a, b),
    reason: 'the given name and another name (family or middle) differ',
  },
  'birth-date-and-numbers-conflict': {
    // A clerk's typo touches one field: a birth date that differs and numbers of their own
    // that differ too (two SSNs, two member numbers) are two people's, whatever names they
    // share (two Willie Johnsons of one shelter, born on one day of the year six years apart).
    holds: (a, b, pair) =>
      pair.personalNumbersDiffer && bothBirthDates(a, b) && a.birthDate !== b.birthDate,
    reason: 'birth dates differ, and so do numbers of their own',
  },
  'alike-names-of-one-birth-date': {
    // Two different real names that are alike on one birth date under one family name are
    // twins' names (79% of twins get similar names: Plank, Names 1964) whether or not the two
    // records carry one home: a lab's record quoting a twin's MRN carries no address. Inside
    // a home `household-person-unconfirmed` says the same; a full middle name both carry, or a
    // number of the person's own, confirms one person.
    holds: (a, b, pair) =>
      pair.sameFamily &&
      sameBirthDate(a, b) &&
      twoAlikeRealNames(a, b) &&
      !sameFullMiddleName(a, b) &&
      !pair.nearPersonalIdentifier,
    reason: 'one family name and birth date, two alike names of their own (twins)',
  },
  'ssns-issued-together': {
    // SSNs one apart in the last digit alone, on one birth date under one family name, are
    // numbers issued together, as twins were given them before 2011; a typo in the last digit
    // looks the same, and a steward tells the two apart. Whatever the names (Mariana / Maria).
    holds: (a, b) =>
      a.ssn !== null &&
      b.ssn !== null &&
      differInLastCharacterOnly(a.ssn, b.ssn) &&
      sameBirthDate(a, b) &&
      familyNamesAlike(a, b, FAMILY_NAME_ALIKE_SIMILARITY),
    reason: 'SSNs issued together on one birth date (twins)',
  },
  'family-name-and-birth-date-conflict': {
    // As with the given name and the sex: the overrides give way to a shared number on the
    // grounds that a clerk replaced one field. A family name and a birth date that both differ
    // are two fields, the mark of another member of the home (a lodger, an in-law, a cousin)
    // whose record was given the number (José Martínez / José Ramírez under one MRN).
    holds: (a, b) => birthDatesConflict(a, b) && familyNamesConflict(a, b),
    reason: 'birth dates and family names differ',
  },
  'no-name-in-common': {
    // Two records with no name in common (each name missing on one side, or differing) can
    // be any two members of the home whose phone, address and birth date they carry, twins
    // above all, or a child's record with a parent's birth date copied. Where names are only
    // missing, a number the two share says whose the records are, beside a birth date both
    // carry (a number alone is a parent's on a child's record as readily); where they differ,
    // it does not (`names-conflict`).
    holds: (a, b, pair) => !aNameInCommon(a, b) && (!pair.nearIdentifier || !bothBirthDates(a, b)),
    reason: 'no name in common, and no number confirms they are one person',
  },
  'middle-name-conflict': {
    // Two full middle names that are not one name are two people's (namesakes of one birth
    // date, a common given and family name), unless a number the two share says otherwise.
    holds: (a, b, pair) =>
      (middleNamesConflict(a, b) || middleInitialsConflict(a, b)) && !pair.nearIdentifier,
    reason: 'middle names differ',
  },
};

/** A given name not in conflict, or a family name alike (as its comparison's levels see it). */
function aNameInCommon(a: MatchFeatures, b: MatchFeatures): boolean {
  // Two records without a given name (two newborns' placeholders, Baby Boy Kaur) have only the
  // family's name: it names no one of its members.
  if (a.given === null && b.given === null) return false;
  if (a.given !== null && b.given !== null && !givenNamesConflict(a, b)) return true;
  if (namesSwappedAlike(a, b, GIVEN_NAME_CONFLICT_SIMILARITY)) return true;
  return familyNamesAlike(a, b, GIVEN_NAME_CONFLICT_SIMILARITY);
}

/** A name of one record written, or mistyped, in another name field of the other. */
function aNameAcrossFields(a: MatchFeatures, b: MatchFeatures): boolean {
  const fields = (f: MatchFeatures): (string | null)[] => [f.given, f.middle, f.family];
  const [mine, theirs] = [fields(a), fields(b)];
  const alike = (x: string | null, y: string | null): boolean =>
    x !== null && y !== null && x.length > 1 && (x === y || withinOneEditOrMisread(x, y));
  return mine.some((name, i) => theirs.some((other, j) => i !== j && alike(name, other)));
}

/** Both family names known and one name by spelling, sound or a compound's part. */
function familyNamesAlike(a: MatchFeatures, b: MatchFeatures, similarity: number): boolean {
  const x = a.family;
  const y = b.family;
  if (x === null || y === null) return false;
  return (
    x === y ||
    shareAny(a.familyParts, b.familyParts) ||
    sameNonNull(a.familyMetaphone, b.familyMetaphone) ||
    jaroWinkler(x, y) >= similarity
  );
}

/**
 * Both family names known and different as the family-name comparison sees it: no spelling
 * within its Jaro-Winkler level, no typo or OCR misreading (its one-edit test), no sound, no
 * compound's part, not swapped with the given name (Martínez / Ramírez, 0.81, are two names).
 */
function familyNamesConflict(a: MatchFeatures, b: MatchFeatures): boolean {
  if (a.family === null || b.family === null) return false;
  return (
    !familyNamesAlike(a, b, FAMILY_NAME_ALIKE_SIMILARITY) &&
    !withinOneEditOrMisread(a.family, b.family) &&
    !namesSwapped(a, b)
  );
}

/**
 * What a pair's person-level fields say inside one household: the same person, nothing
 * (a field missing on one side), or two people.
 */
type PersonVerdict = 'confirmed' | 'unconfirmed' | 'conflict';

/**
 * Inside one household the person must be told apart positively: the same given name or its
 * nickname, or the same birth order of a multiple birth (twin B is twin B). One's given name
 * among the other's given and middle names, with the same birth date, is the same person going
 * by another of their names when all of one's names are among the other's (James Tyler /
 * Tyler, Maria del Carmen / Carmen, Anna Sophia / Sophia Anna) and no SSNs of their own
 * tell them apart (Elizabeth Ashley / Ashley under consecutive numbers: twins): two people of
 * one home each have a name of their own (Grace Elizabeth / Elizabeth Joy, sisters); else it
 * needs a number the two share (Minh Quang / Kevin Minh). One name written over one field or two (Juan
 * Carlos / Juan + Carlos) is no crossing: twins never share a full name. Two different real
 * names that are alike (Aiden / Aidan, Kaylee / Kayla) are two people, twins or siblings (79%
 * of twin pairs get similar names: Plank, Names 1964), shared number or not -- unless a full
 * middle name agrees too, which twins do not share (Brianna Nicole / Breanna Nicole). An
 * alike string that is no name at all is a clerk's typo (Ehtan / Ethan), and the weight
 * decides. A missing or an unrelated given name (a clerk's replaced field) is confirmed only by
 * a number the two share, and then the given-name guard and its override still weigh it; a
 * missing one also by a record saying the birth was no multiple birth, on the same date (two
 * different real names inside one home are two members' whatever number they share:
 * `household-names`). A full middle name that conflicts is another person's, one given name or not (Maria Jose /
 * Maria Fernanda, twins; a twin's SSN copied onto her sister's record): nothing confirms
 * that. A name needs a birth date beside it: a father and his namesake son share the name and
 * the home, and only the date (or a number of one's own) tells them apart (IWeb's
 * deduplication rules, research notes §1).
 */
type NumbersOfPair = Pick<GuardContext, 'nearIdentifier' | 'nearPersonalIdentifier'>;

const NO_NUMBER_SHARED: NumbersOfPair = {
  nearIdentifier: false,
  nearPersonalIdentifier: false,
};

function personVerdict(a: MatchFeatures, b: MatchFeatures, numbers: NumbersOfPair): PersonVerdict {
  const nearIdentifier = numbers.nearIdentifier;
  const confirmedIf = (confirmed: boolean): PersonVerdict => (confirmed ? 'confirmed' : 'conflict');
  if (sameFullName(a, b) && bothBirthDates(a, b)) return 'confirmed';
  if (namesCrossed(a, b))
    return confirmedIf(
      oneBirthDate(a, b) && (nearIdentifier || (namesWithinOther(a, b) && !ssnsOfTheirOwn(a, b))),
    );
  if (middleNamesConflict(a, b)) return 'conflict';
  if (sexesConflict(a, b) && !(a.given !== null && (a.given === b.given || sameGivenName(a, b))))
    return 'conflict';
  if (sameBirthOrder(a.multipleBirth, b.multipleBirth)) return 'confirmed';
  if (a.given === null || b.given === null)
    return (nearIdentifier && bothBirthDates(a, b)) || singletonOfOneBirthDate(a, b)
      ? 'confirmed'
      : 'unconfirmed';
  if (a.birthDate === null || b.birthDate === null) {
    if (nearIdentifier) return 'confirmed';
    return a.given === b.given || sameGivenName(a, b) ? 'unconfirmed' : 'conflict';
  }
  if (a.given === b.given) return 'confirmed';
  // A record that says its birth was a multiple one says a co-twin shares the home and the
  // date, and twins are given alike names, two forms of one name among them (Maria / Molly,
  // both Mary's): there one name must be the other's own form (Jenny / Jennifer), or a
  // number of the person's own must say so (twins carry SSNs of their own).
  if (declaresMultipleBirth(a.multipleBirth, b.multipleBirth))
    return confirmedIf(formalFormOfOther(a, b) || numbers.nearPersonalIdentifier);
  if (sameGivenName(a, b)) return 'confirmed';
  if (a.givenKnown === true && b.givenKnown === true && alikeNames(a, b, ALIKE_NAMES_SIMILARITY))
    return confirmedIf(
      sameFullMiddleName(a, b) || (numbers.nearPersonalIdentifier && oneBirthDate(a, b)),
    );
  return confirmedIf(nearIdentifier || !givenNamesConflict(a, b));
}

/**
 * Both carry an SSN and the two do not corroborate each other (nearIdentifier is false): each
 * has a number of their own, as twins do (often consecutive ones).
 */
function ssnsOfTheirOwn(a: MatchFeatures, b: MatchFeatures): boolean {
  return a.ssn !== null && b.ssn !== null;
}

/**
 * Both carry a full middle name (not an initial) and the two are not one name, nor one's short
 * form (Leilani / Lani), nor the same names in another order (Anna Sophia / Sophia Anna: every
 * name of one is among the other's).
 */
function middleNamesConflict(a: MatchFeatures, b: MatchFeatures): boolean {
  const x = a.middle;
  const y = b.middle;
  if (x === null || y === null || x.length < 2 || y.length < 2 || x === y) return false;
  if (isShortForm(x, y) || isShortForm(y, x)) return false;
  return jaroWinkler(x, y) < GIVEN_NAME_CONFLICT_SIMILARITY && !namesWithinOther(a, b);
}

/**
 * Middle names, one of them an initial, that begin with other letters (`G` / `Kevin`): a
 * clerk writes a middle name's first letter, not another one -- unless the names crossed and
 * the initial is the other's given name's (Kwame J / Joseph Kwame).
 */
function middleInitialsConflict(a: MatchFeatures, b: MatchFeatures): boolean {
  const x = a.middle;
  const y = b.middle;
  if (x === null || y === null || (x.length > 1 && y.length > 1)) return false;
  return x.charAt(0) !== y.charAt(0) && !initialAmongCrossedNames(a, b);
}

/**
 * A source says the birth was no multiple birth, and the two share the birth date: inside one
 * home only a twin shares a birthday, and there is none (a newborn's placeholder record from
 * the birth hospital, Baby Girl Okonkwo, and the named child at the clinic).
 */
function singletonOfOneBirthDate(a: MatchFeatures, b: MatchFeatures): boolean {
  return sameBirthDate(a, b) && declaredSingleton(a.multipleBirth, b.multipleBirth);
}

function sameFullMiddleName(a: MatchFeatures, b: MatchFeatures): boolean {
  return a.middle !== null && a.middle.length > 1 && a.middle === b.middle;
}

/**
 * A given name that names someone: a real one, or a single one our lists lack and no typo of a
 * real one explains. An unknown name of several words is left to the crossing rules (Thi Ha /
 * Ha + Thi: syllables no list holds). Features stored before `givenMistyped` count unknown
 * names as typos, as they did.
 */
function countsAsName(f: MatchFeatures): boolean {
  if (f.givenKnown === true) return true;
  return f.givenMistyped === false && f.given !== null && !f.given.includes(' ');
}

/** Given names that begin with one letter: twins' names, more often than not. */
function sameInitial(a: MatchFeatures, b: MatchFeatures): boolean {
  return a.given !== null && b.given !== null && a.given.charAt(0) === b.given.charAt(0);
}

/** Both known and different: inside a home, a boy and a girl of one birth date are twins. */
function sexesConflict(a: MatchFeatures, b: MatchFeatures): boolean {
  return isKnownSex(a.sex) && isKnownSex(b.sex) && a.sex !== b.sex;
}

/** Both known and the same date. */
function sameBirthDate(a: MatchFeatures, b: MatchFeatures): boolean {
  return a.birthDate !== null && a.birthDate === b.birthDate;
}

/**
 * One date, as written or with day and month swapped (1975-04-11 / 1975-11-04): two children
 * of one home born in one year months apart are rare, a swap of one date common (the US and
 * most of the world write the two in other orders), and twins share the date as it is.
 */
function oneBirthDate(a: MatchFeatures, b: MatchFeatures): boolean {
  return (
    sameBirthDate(a, b) ||
    (a.birthDate !== null &&
      b.birthDate !== null &&
      birthDateRelation(a.birthDate, b.birthDate) === 'day-month-swapped')
  );
}

/** Both records carry a birth date: a number beside it is the person's, not one alone. */
function bothBirthDates(a: MatchFeatures, b: MatchFeatures): boolean {
  return a.birthDate !== null && b.birthDate !== null;
}

/** Both given names known and not in conflict: a missing one confirms nothing. */
function givenNamesAgree(a: MatchFeatures, b: MatchFeatures): boolean {
  return a.given !== null && b.given !== null && !givenNamesConflict(a, b);
}

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
 * given-name guards see. Dates a day apart across New Year are one date too.
 */
function birthDatesConflictAcrossYears(a: MatchFeatures, b: MatchFeatures): boolean {
  return birthDatesConflict(a, b) && birthYear(a) !== birthYear(b) && !aDayApart(a, b);
}

const DAY_MS = 86_400_000;

/** 31 December and 1 January are one birth told a day apart (midnight, a time zone), not two. */
function aDayApart(a: MatchFeatures, b: MatchFeatures): boolean {
  const x = Date.parse(`${a.birthDate ?? ''}T00:00:00Z`);
  const y = Date.parse(`${b.birthDate ?? ''}T00:00:00Z`);
  return Math.abs(x - y) <= DAY_MS;
}

/**
 * A parent and child under one name: birth years a generation apart (14 to 60), the dates differing in
 * more than one part, and either a generational suffix on a side (a father and son, one
 * registered with his Jr / Sr) or one given name on both, a typo apart at most (a namesake son
 * without his Jr, a daughter named after her mother: Jennifer / Jennifef). A parent's SSN or MRN on the child's record corroborates
 * nothing here, so nothing overrides it. (Other names a generation apart fall to the
 * birth-date guard, which a nearly shared number and strong other evidence may override: a
 * clerk's replaced date.)
 */
function birthDatesAGenerationApart(
  a: MatchFeatures,
  b: MatchFeatures,
  personalNumbersDiffer: boolean,
): boolean {
  return (
    (birthDatesConflict(a, b) || (yearsOnlyDiffer(a, b) && personalNumbersDiffer)) &&
    aGenerationApart(Math.abs(birthYear(a) - birthYear(b))) &&
    (a.suffix !== null ||
      b.suffix !== null ||
      (a.given !== null && b.given !== null && !givenNamesConflict(a, b)))
  );
}

/**
 * One day of the year in birth years a digit apart (1965 / 1995): a year mistyped, or a father
 * and son born on one day. Numbers of their own that differ say which.
 */
function yearsOnlyDiffer(a: MatchFeatures, b: MatchFeatures): boolean {
  return (
    a.birthDate !== null &&
    b.birthDate !== null &&
    birthYear(a) !== birthYear(b) &&
    a.birthDate.slice(4) === b.birthDate.slice(4)
  );
}

/** Two different real names (both on our lists) that are alike: Kyla / Kayla, Aiden / Aidan. */
function twoAlikeRealNames(a: MatchFeatures, b: MatchFeatures): boolean {
  return (
    a.givenKnown === true &&
    b.givenKnown === true &&
    a.given !== b.given &&
    !sameGivenName(a, b) &&
    alikeNames(a, b, ALIKE_NAMES_SIMILARITY)
  );
}

/** Two given names that each name someone (countsAsName) and are not one name or its forms. */
function twoNamesOfTheirOwn(a: MatchFeatures, b: MatchFeatures): boolean {
  return countsAsName(a) && countsAsName(b) && a.given !== b.given && !sameGivenName(a, b);
}

function aGenerationApart(years: number): boolean {
  return years >= GENERATION_YEARS && years <= GENERATION_YEARS_AT_MOST;
}

function birthYear(features: MatchFeatures): number {
  return Number(features.birthDate?.slice(0, 4));
}

export function givenNamesConflict(a: MatchFeatures, b: MatchFeatures): boolean {
  if (a.given === null || b.given === null || a.given === b.given) return false;
  if (compoundNamesDiffer(a.given, b.given)) return true;
  if (sameGivenName(a, b) || sameNonNull(a.givenMetaphone, b.givenMetaphone)) return false;
  if (isInitialOf(a.given, b.given) || namesCrossed(a, b)) return false;
  // Names written the other way round, even with a typo, are the same names, not a conflict.
  if (namesSwappedAlike(a, b, GIVEN_NAME_CONFLICT_SIMILARITY)) return false;
  return jaroWinkler(a.given, b.given) < GIVEN_NAME_CONFLICT_SIMILARITY;
}
