import { PLACEHOLDER_BIRTH_DATES } from '../matching/normalize/birth-date';
import { GoldenField } from './survivorship';

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
const UNKNOWN_GIVEN = [
  ...UNKNOWN_NAMES,
  'fnu',
  'nfn',
  'baby',
  'baby boy',
  'baby girl',
  'boy',
  'girl',
  'infant',
  'newborn',
];

const PLACEHOLDERS: Partial<Record<GoldenField, ReadonlySet<string>>> = {
  givenName: new Set(UNKNOWN_GIVEN),
  middleName: new Set([...UNKNOWN_NAMES, 'nmn', 'nmi']),
  familyName: new Set([...UNKNOWN_NAMES, 'lnu', 'nln']),
  mothersMaidenName: new Set(UNKNOWN_NAMES),
  birthDate: PLACEHOLDER_BIRTH_DATES,
  // `unknown` is a code a system sends when it was not asked, not a fact about the person.
  sex: new Set(['unknown']),
  postalCode: new Set(['00000', '99999']),
};

export function isPlaceholder(field: GoldenField, folded: string): boolean {
  return PLACEHOLDERS[field]?.has(folded) === true;
}
