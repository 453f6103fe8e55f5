import { PLACEHOLDER_BIRTH_DATES } from '../matching/normalize/birth-date';
import { GoldenField } from './golden-record';

/**
 * Values that stand for "not known" rather than for the person: what a clerk types into a
 * required field (`Unknown`, `Baby Boy`, `FNU`). They never survive, however many
 * registrations carry them; a field with nothing else stays empty. Compared folded.
 */
const UNKNOWN_NAMES = [
  'unknown',
  'unk',
  'none',
  'null',
  'na',
  'n a',
  'test',
  'patient',
  'xxx',
  'zzz',
];
/**
 * What stands in for a person in a name field when the name was not given: a role or a
 * refusal (the list survey researchers at NORC collected, which pseudopeople draws its fake
 * names from). `Doe` is left out: people are called so.
 */
const STAND_INS = [
  'person',
  'resident',
  'anonymous',
  'refused',
  'declined',
  'dont know',
  'don t know',
];
const UNKNOWN_GIVEN = [
  ...UNKNOWN_NAMES,
  ...STAND_INS,
  'fnu',
  'nfn',
  'baby',
  'baby boy',
  'baby girl',
  'boy',
  'girl',
  'infant',
  'newborn',
  'child',
  'minor',
  'adult',
  'mom',
  'mother',
  'dad',
  'father',
  'son',
  'daughter',
  'hijo',
  'hija',
  'wife',
  'husband',
  'mr',
  'mrs',
  'ms',
];
const UNKNOWN_FAMILY = [
  ...UNKNOWN_NAMES,
  ...STAND_INS,
  'lnu',
  'nln',
  'refuse',
  'household',
  'occupant',
  'parent',
  'no last name',
];

const PLACEHOLDERS: Partial<Record<GoldenField, ReadonlySet<string>>> = {
  givenName: new Set(UNKNOWN_GIVEN),
  middleName: new Set([...UNKNOWN_NAMES, 'nmn', 'nmi']),
  familyName: new Set(UNKNOWN_FAMILY),
  mothersMaidenName: new Set(UNKNOWN_NAMES),
  birthDate: PLACEHOLDER_BIRTH_DATES,
  // `unknown` is a code a system sends when it was not asked, not a fact about the person.
  sex: new Set(['unknown']),
  postalCode: new Set(['00000', '99999']),
};

export function isPlaceholder(field: GoldenField, folded: string): boolean {
  return PLACEHOLDERS[field]?.has(folded) === true;
}
