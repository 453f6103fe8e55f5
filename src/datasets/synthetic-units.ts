import {
  birthDateBetween,
  consecutiveSsn,
  dayInWindow,
  familyNames,
  makePerson,
  newResidence,
  PeopleContext,
  Residence,
  Sex,
  TruePerson,
} from './synthetic-people';

/** A home, and for a mover a second one from a day of the registration window after birth. */
function residencesFor(context: PeopleContext, birthDate: string): Residence[] {
  const first = newResidence(context.random);
  if (!context.random.chance(context.rates.move)) return [first];
  const second = newResidence(context.random);
  return [first, { ...second, from: dayInWindow(context.random, birthDate) }];
}

function randomSex(context: PeopleContext): Sex {
  return context.random.chance(0.5) ? 'male' : 'female';
}

export function singlePerson(context: PeopleContext): TruePerson {
  const [family, mothersMaidenName] = familyNames(context.random, context.rates, context.names);
  const sex = randomSex(context);
  const birthDate = birthDateBetween(context.random, 1930, 2023);
  return makePerson(context, {
    kind: 'single',
    sex,
    birthDate,
    family,
    mothersMaidenName,
    residences: residencesFor(context, birthDate),
  });
}

/**
 * Twins: two people with one family name, birth date, mother and home, told apart only by
 * given name, SSN and birth order -- distinct entities a matcher must not merge. A share of
 * them (`consecutiveSsnTwins`) carry consecutive SSNs, as twins enumerated together often do:
 * numbers one edit apart, which a matcher must not take for a typo.
 */
export function twinPair(context: PeopleContext): TruePerson[] {
  const { random } = context;
  const [family, mothersMaidenName] = familyNames(random, context.rates, context.names);
  const birthDate = birthDateBetween(random, 1940, 2023);
  const shared = {
    kind: 'twin' as const,
    birthDate,
    family,
    mothersMaidenName,
    residences: residencesFor(context, birthDate),
  };
  const firstSex = randomSex(context);
  const secondSex = random.chance(0.6) ? firstSex : randomSex(context);
  const first = makePerson(context, { ...shared, sex: firstSex, multipleBirth: 1 });
  const secondGiven = context.names.given(random, secondSex, first.given);
  const ssn = random.chance(context.rates.consecutiveSsnTwins)
    ? consecutiveSsn(context, first.ssn)
    : undefined;
  const second = makePerson(context, {
    ...shared,
    ssn,
    sex: secondSex,
    given: secondGiven,
    middle: random.chance(0.8) ? context.names.given(random, secondSex, secondGiven) : undefined,
    multipleBirth: 2,
  });
  return [first, second];
}

/**
 * Father and son with the same names (Sr/Jr), often at the same address and phone, born
 * 20-38 years apart -- distinct entities whose registrations often omit the suffix.
 */
export function juniorSeniorPair(context: PeopleContext): TruePerson[] {
  const { random } = context;
  const [family, fathersMother] = familyNames(random, context.rates, context.names);
  const fatherBirth = birthDateBetween(random, 1935, 1975);
  const father = makePerson(context, {
    kind: 'senior',
    sex: 'male',
    birthDate: fatherBirth,
    family,
    mothersMaidenName: fathersMother,
    residences: residencesFor(context, fatherBirth),
    suffix: 'Sr',
  });
  const sonYear = Number(fatherBirth.slice(0, 4)) + random.between(20, 38);
  const atHome = random.chance(0.6);
  const sonBirth = birthDateBetween(random, sonYear, sonYear);
  const son = makePerson(context, {
    kind: 'junior',
    sex: 'male',
    birthDate: sonBirth,
    family,
    mothersMaidenName: familyNames(
      random,
      { ...context.rates, compoundSurname: 0 },
      context.names,
    )[0],
    residences: atHome ? father.residences.slice(0, 1) : residencesFor(context, sonBirth),
    given: father.given,
    middle: random.chance(0.7) ? father.middle : context.names.given(random, 'male', father.given),
    suffix: 'Jr',
  });
  return [father, son];
}

/** The next household unit: a single person, twins or a Sr/Jr pair; never more than `room`. */
export function nextUnit(context: PeopleContext, room: number): TruePerson[] {
  const draw = context.random.next();
  const { twins, juniorSenior } = context.rates;
  if (room >= 2 && draw < twins) return twinPair(context);
  if (room >= 2 && draw < twins + juniorSenior) return juniorSeniorPair(context);
  return [singlePerson(context)];
}
