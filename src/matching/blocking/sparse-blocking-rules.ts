import { MatchFeatures } from '../record-types';
import type { BlockingRule } from './blocking-rules';

/**
 * Blocking rules for sparse records: those that carry none of the fields the main rules lean
 * on to stay selective (SSN, phone, postal code, another identifier), only names, a birth
 * date, perhaps a city and an e-mail address (a web sign-up, a lab or screening feed). The main
 * rules find such a record only when its birth date and a name initial or sound survive
 * together; with a typo in each, a missing name or a wrong year, nothing is left to meet on.
 *
 * These rules are looser, so each keys only records that are sparse themselves: a record with
 * any of the strong fields gets no key from them, and the candidates (and the key table) of
 * rich records do not grow. A sparse record still meets rich ones through the main rules. A
 * loose key can gather a large block in a big sparse feed; the store's cap on candidates per
 * key bounds what one record is compared with.
 */

const NONE: readonly string[] = [];

/** True when the record has none of the fields the main rules key on to stay selective. */
export function isSparse(features: MatchFeatures): boolean {
  return (
    features.ssn === null &&
    features.phone === null &&
    features.postalCode === null &&
    features.otherIdentifiers.length === 0
  );
}

/** Keys of a sparse record only; a record with a strong field gets none. */
function whenSparse(keys: (features: MatchFeatures) => readonly string[]) {
  return (features: MatchFeatures): readonly string[] =>
    isSparse(features) ? keys(features) : NONE;
}

export const SPARSE_RULES: readonly BlockingRule[] = [
  {
    id: 'sparse-email-local-part',
    description:
      'sparse records only: same e-mail local part (the domain mistyped or another provider)',
    fields: ['emailLocalPart', 'email'],
    keys: whenSparse((f) =>
      f.emailLocalPart === null || f.emailLocalPart === undefined ? NONE : [f.emailLocalPart],
    ),
  },
  {
    id: 'sparse-birth-date',
    description: 'sparse records only: same birth date (both names may be mistyped or missing)',
    fields: ['birthDate'],
    keys: whenSparse((f) => (f.birthDate === null ? NONE : [f.birthDate])),
  },
  {
    id: 'sparse-name-sound',
    description:
      'sparse records only: one name sounds like one of the other record (given or family, in either place), whatever the birth date',
    fields: ['givenMetaphone', 'familyMetaphone'],
    keys: whenSparse((f) => {
      const sounds = new Set<string>();
      if (f.givenMetaphone !== null) sounds.add(f.givenMetaphone);
      if (f.familyMetaphone !== null) sounds.add(f.familyMetaphone);
      return [...sounds];
    }),
  },
  {
    id: 'sparse-city-birth-year',
    description: 'sparse records only: same city, same birth year (no name survives)',
    fields: ['city', 'birthDate'],
    keys: whenSparse((f) =>
      f.city === null || f.birthDate === null ? NONE : [`${f.city}|${f.birthDate.slice(0, 4)}`],
    ),
  },
];
