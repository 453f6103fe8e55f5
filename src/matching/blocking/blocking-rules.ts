import { MatchFeatures } from '../record-types';
import { BlockingRule } from './blocking-rule';
import { SPARSE_RULES } from './sparse-blocking-rules';

const NONE: readonly string[] = [];

function one(value: string | null): readonly string[] {
  return value === null ? NONE : [value];
}

function both(a: string | null | undefined, b: string | null | undefined): readonly string[] {
  return a === null || a === undefined || b === null || b === undefined || a === '' || b === ''
    ? NONE
    : [`${a}|${b}`];
}

function birthYear(features: MatchFeatures): string | null {
  return features.birthDate === null ? null : features.birthDate.slice(0, 4);
}

function familyPrefix(features: MatchFeatures, length: number): string | null {
  return features.family === null || features.family.length < length
    ? null
    : features.family.slice(0, length);
}

/** Family-name sound plus given initial: selective enough to pair with two parts of a date. */
function nameSound(features: MatchFeatures): string | null {
  const initial = features.given?.slice(0, 1) ?? '';
  return features.familyMetaphone === null || initial === ''
    ? null
    : `${features.familyMetaphone}|${initial}`;
}

/**
 * A postal code's characters in sorted order: two transposed digits, the commonest keying
 * slip in a number, give the same key. Other codes made of the same digits lie far apart,
 * and the rule pairs this with the family name's prefix.
 */
function postalCharacters(postalCode: string | null): string | null {
  return postalCode === null ? null : [...postalCode].sort().join('');
}

function dayMonthAnyOrder(birthDate: string | null): string | null {
  if (birthDate === null) return null;
  const month = birthDate.slice(5, 7);
  const day = birthDate.slice(8, 10);
  return month < day ? `${month}${day}` : `${day}${month}`;
}

const RULES: readonly BlockingRule[] = [
  {
    id: 'ssn',
    description: 'same SSN token',
    fields: ['ssn'],
    keys: (f) => one(f.ssn?.token ?? null),
  },
  {
    id: 'ssn-variant',
    description: 'SSNs one edit apart: shares a deletion-variant token (one key per variant)',
    fields: ['ssn'],
    keys: (f) => f.ssn?.variants ?? NONE,
  },
  {
    id: 'phone',
    description: 'same phone token',
    fields: ['phone'],
    keys: (f) => one(f.phone?.token ?? null),
  },
  {
    id: 'phone-variant',
    description: 'phones one edit apart: shares a deletion-variant token (one key per variant)',
    fields: ['phone'],
    keys: (f) => f.phone?.variants ?? NONE,
  },
  {
    id: 'email',
    description: 'same e-mail token',
    fields: ['email'],
    keys: (f) => one(f.email?.token ?? null),
  },
  {
    id: 'other-id',
    description: 'same identifier token under the same assigning authority',
    fields: ['otherIdentifiers'],
    keys: (f) => f.otherIdentifiers.map((id) => `${id.system}|${id.token}`),
  },
  {
    id: 'family-metaphone-birth-year',
    description: 'family name sounds alike, same birth year',
    fields: ['familyMetaphone', 'birthDate'],
    keys: (f) => both(f.familyMetaphone, birthYear(f)),
  },
  {
    id: 'name-birth-year-month',
    description:
      'family name sounds alike, same given initial, same birth year and month (a typo in the day)',
    fields: ['familyMetaphone', 'given', 'birthDate'],
    keys: (f) => both(nameSound(f), f.birthDate?.slice(0, 7)),
  },
  {
    id: 'name-birth-year-day',
    description:
      'family name sounds alike, same given initial, same birth year and day (a typo in the month)',
    fields: ['familyMetaphone', 'given', 'birthDate'],
    keys: (f) =>
      both(
        nameSound(f),
        f.birthDate === null ? null : `${f.birthDate.slice(0, 4)}-${f.birthDate.slice(8, 10)}`,
      ),
  },
  {
    id: 'name-birth-day-month',
    description:
      'family name sounds alike, same given initial, same day and month in either order (a wrong year, or day and month swapped)',
    fields: ['familyMetaphone', 'given', 'birthDate'],
    keys: (f) => both(nameSound(f), dayMonthAnyOrder(f.birthDate)),
  },
  {
    id: 'given-canonical-birth-date',
    description: 'same canonical given name (nicknames folded), same birth date',
    fields: ['givenCanonical', 'birthDate'],
    keys: (f) => both(f.givenCanonical, f.birthDate),
  },
  {
    id: 'birth-date-family-initial',
    description: 'same birth date, same first letter of the family name',
    fields: ['birthDate', 'family'],
    keys: (f) => both(f.birthDate, familyPrefix(f, 1)),
  },
  {
    id: 'postal-code-family-prefix',
    description: 'same postal code, same first three letters of the family name',
    fields: ['postalCode', 'family'],
    keys: (f) => both(f.postalCode, familyPrefix(f, 3)),
  },
  {
    id: 'given-metaphone-family-metaphone',
    description: 'given and family names both sound alike (catches a wrong birth date)',
    fields: ['givenMetaphone', 'familyMetaphone'],
    keys: (f) => both(f.givenMetaphone, f.familyMetaphone),
  },
  {
    id: 'name-metaphones-any-order',
    description:
      'the two name sounds agree in either order (also catches given and family swapped)',
    fields: ['givenMetaphone', 'familyMetaphone'],
    keys: (f) => {
      const g = f.givenMetaphone;
      const m = f.familyMetaphone;
      return g === null || m === null ? NONE : [g < m ? `${g}|${m}` : `${m}|${g}`];
    },
  },
  {
    id: 'birth-date-given-initial',
    description:
      'same birth date, same first letter of the given name (survives a married-name change)',
    fields: ['birthDate', 'given'],
    keys: (f) => both(f.birthDate, f.given?.slice(0, 1)),
  },
  {
    id: 'birth-date-initials-any-order',
    description:
      'same birth date, same given and family initials in either order (catches given and family swapped when no other key survives)',
    fields: ['birthDate', 'given', 'family'],
    keys: (f) => {
      const g = f.given?.slice(0, 1) ?? '';
      const m = f.family?.slice(0, 1) ?? '';
      return g === '' || m === '' ? NONE : both(f.birthDate, g < m ? `${g}${m}` : `${m}${g}`);
    },
  },
  {
    id: 'postal-digits-family-prefix',
    description:
      'same postal code up to the order of its characters (two digits transposed), same first three letters of the family name',
    fields: ['postalCode', 'family'],
    keys: (f) => both(postalCharacters(f.postalCode), familyPrefix(f, 3)),
  },
  {
    id: 'postal-code-given-canonical',
    description: 'same postal code, same canonical given name',
    fields: ['postalCode', 'givenCanonical'],
    keys: (f) => both(f.postalCode, f.givenCanonical),
  },
  {
    id: 'name-metaphones-postal-prefix',
    description:
      'the two name sounds agree in either order, same first three characters of the postal code',
    fields: ['givenMetaphone', 'familyMetaphone', 'postalCode'],
    keys: (f) => {
      const g = f.givenMetaphone;
      const m = f.familyMetaphone;
      const area =
        f.postalCode === null || f.postalCode.length < 3 ? null : f.postalCode.slice(0, 3);
      return g === null || m === null || area === null
        ? NONE
        : [`${g < m ? `${g}|${m}` : `${m}|${g}`}|${area}`];
    },
  },
  {
    id: 'birth-date-postal-code',
    description: 'same birth date, same postal code (survives any name change or swap)',
    fields: ['birthDate', 'postalCode'],
    keys: (f) => both(f.birthDate, f.postalCode),
  },
  {
    id: 'other-id-variant',
    description:
      'identifiers one edit apart under the same authority (one key per deletion variant)',
    fields: ['otherIdentifiers'],
    keys: (f) =>
      f.otherIdentifiers.flatMap((id) => id.variants.map((variant) => `${id.system}|${variant}`)),
  },
];

/** Every blocking rule a model may name, by id. */
export const BLOCKING_RULES: ReadonlyMap<string, BlockingRule> = new Map(
  [...RULES, ...SPARSE_RULES].map((rule) => [rule.id, rule]),
);
