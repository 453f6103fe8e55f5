import { MatchFeatures } from '../record-types';
import { BlockingRule } from './blocking-rule';

/**
 * Blocking rules for sparse records: those that carry none of the fields the main rules lean
 * on to stay selective (SSN, phone, postal code, street address, another identifier), only names, a birth
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
    // A street address without a postal code still places the record; a name sound alone
    // would pair everyone of one name in one town (all of a shared dormitory or prison).
    features.addressLine === null &&
    // Its own key finds only the records that name it, not the ones like it.
    features.otherIdentifiers.every((id) => id.own === true)
  );
}

/** Keys of a sparse record only; a record with a strong field gets none. */
function whenSparse(keys: (features: MatchFeatures) => readonly string[]) {
  return (features: MatchFeatures): readonly string[] =>
    isSparse(features) ? keys(features) : NONE;
}

/** Year, then day and month in either order: a date written the other country's way. */
function birthDateAnyOrder(birthDate: string): string {
  const month = birthDate.slice(5, 7);
  const day = birthDate.slice(8, 10);
  return `${birthDate.slice(0, 4)}|${month < day ? month + day : day + month}`;
}

/**
 * Each name's sound under its own field (`g|` given, `f|` family). A lone name, the other
 * missing, may have been typed in either field, so it is keyed under both. Two full records
 * never meet on one name found in the other's other field: that is two people sharing a name
 * (`james isaac`, `davies james`) far more often than a swap with the other name replaced.
 */
function nameSoundKeys(f: MatchFeatures): readonly string[] {
  const given = f.givenMetaphone;
  const family = f.familyMetaphone;
  if (given !== null && family !== null) return [`g|${given}`, `f|${family}`];
  const lone = given ?? family;
  return lone === null ? NONE : [`g|${lone}`, `f|${lone}`];
}

/** A name's sound with the other name's initial, whichever field each is in. */
function soundWithOtherInitial(f: MatchFeatures): readonly string[] {
  const keys: string[] = [];
  const givenInitial = f.given?.slice(0, 1) ?? '';
  const familyInitial = f.family?.slice(0, 1) ?? '';
  if (f.givenMetaphone !== null && familyInitial !== '')
    keys.push(`${f.givenMetaphone}|${familyInitial}`);
  if (f.familyMetaphone !== null && givenInitial !== '')
    keys.push(`${f.familyMetaphone}|${givenInitial}`);
  return keys;
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
    id: 'sparse-birth-date-any-order',
    description:
      'sparse records only: same birth date, day and month in either order (both names may be mistyped or missing)',
    fields: ['birthDate'],
    keys: whenSparse((f) => (f.birthDate === null ? NONE : [birthDateAnyOrder(f.birthDate)])),
  },
  {
    id: 'sparse-name-sound',
    description:
      'sparse records only: given names or family names sound alike, whatever the birth date (a lone name in either field)',
    fields: ['givenMetaphone', 'familyMetaphone'],
    keys: whenSparse(nameSoundKeys),
  },
  {
    id: 'sparse-name-sound-other-initial',
    description:
      'sparse records only: a name sounds alike and the other name has the same initial, in either field (names swapped, one mistyped)',
    fields: ['givenMetaphone', 'familyMetaphone', 'given', 'family'],
    keys: whenSparse(soundWithOtherInitial),
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
