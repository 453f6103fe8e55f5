import { foldText } from '../matching/normalize/text-fold';
import { CanonicalRecord } from '../matching/record-types';
import { Demographics, RegisteredNames } from '../formats/demographics';

/** The name fields whose registered spelling is kept, and the column each comes from. */
const NAME_COLUMNS = {
  givenName: 'given_name',
  middleName: 'middle_name',
  familyName: 'family_name',
  mothersMaidenName: 'mothers_maiden_name',
} as const;

/**
 * Names as the source wrote them (`García-López`, `O'Brien`), for display: the stored values
 * are folded for comparison, and the fold cannot be undone. A spelling is kept only when it
 * folds to the stored value (not `Smith Jr`, whose suffix was pulled out) and says more than
 * it: not `smith`, and not `SMITH` either (capitals are a system's habit, not the person's
 * spelling; displays title-case the fold). Undefined when no name qualifies.
 */
export function registeredNamesOf(
  input: CanonicalRecord,
  demographics: Demographics,
): RegisteredNames | undefined {
  const names: RegisteredNames = {};
  for (const [field, column] of Object.entries(NAME_COLUMNS) as [
    keyof RegisteredNames,
    (typeof NAME_COLUMNS)[keyof RegisteredNames],
  ][]) {
    const raw = input[column]?.trim().replace(/\s+/g, ' ');
    const stored = demographics[field];
    const cased = raw !== undefined && /\p{Ll}/u.test(raw);
    if (raw && stored && cased && raw !== stored && foldText(raw) === stored) names[field] = raw;
  }
  return Object.keys(names).length > 0 ? names : undefined;
}
