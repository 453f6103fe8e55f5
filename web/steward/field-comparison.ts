import { Demographics, FieldValue, PersonView, TaskDetail } from './api-types';
import { ExplainedComparison } from './explanation-model';

/**
 * The two sides of a task, field by field, with how they agree. The page's own agreement is
 * a display aid (folded case and accents, a small edit distance counts as "close"); the
 * engine's verdict for the field, when a comparison covers it, is shown beside it, so the
 * steward sees both what differs and how much the model cared.
 */
export type Agreement = 'same' | 'close' | 'differs' | 'missing';

export interface FieldRow {
  readonly field: string;
  readonly label: string;
  readonly left: FieldValue;
  readonly right: FieldValue;
  readonly agreement: Agreement;
  /** The engine's level for this field, e.g. "nickname", when a comparison covers it. */
  readonly engine: ExplainedComparison | null;
}

export interface Sides {
  readonly leftTitle: string;
  readonly rightTitle: string;
  readonly left: Demographics;
  readonly right: Demographics;
}

export const FIELDS: readonly { field: string; label: string; aliases: readonly string[] }[] = [
  { field: 'givenName', label: 'Given name', aliases: ['first', 'firstname', 'given'] },
  { field: 'middleName', label: 'Middle name', aliases: ['middle'] },
  { field: 'familyName', label: 'Family name', aliases: ['surname', 'lastname', 'family'] },
  { field: 'suffix', label: 'Suffix', aliases: [] },
  { field: 'birthDate', label: 'Birth date', aliases: ['dob', 'dateofbirth', 'birth'] },
  { field: 'sex', label: 'Sex', aliases: ['gender'] },
  { field: 'addressLine', label: 'Address', aliases: ['address', 'street'] },
  { field: 'city', label: 'City', aliases: [] },
  { field: 'state', label: 'State', aliases: [] },
  { field: 'postalCode', label: 'Postal code', aliases: ['zip', 'postcode', 'zipcode'] },
  { field: 'mothersMaidenName', label: "Mother's maiden name", aliases: ['mothersmaiden'] },
  { field: 'multipleBirth', label: 'Multiple birth', aliases: ['birthorder'] },
];

/** Left: the record (or the task's person); right: what the engine proposes. */
export function sidesOf(detail: TaskDetail): Sides {
  const { task, record, person, candidate } = detail;
  const candidateSide = candidate ? goldenValues(candidate) : {};
  if (task.kind === 'merge-persons' && person && candidate && person.id !== candidate.id) {
    return {
      leftTitle: 'This person',
      rightTitle: 'Other person',
      left: goldenValues(person),
      right: candidateSide,
    };
  }
  if (record) {
    const sameAsPerson =
      task.candidate_person_id !== null && task.candidate_person_id === task.person_id;
    return {
      leftTitle: `Record from ${record.source}`,
      rightTitle: sameAsPerson ? 'Its person (golden record)' : 'Candidate person (golden record)',
      left: record.demographics,
      right: candidateSide,
    };
  }
  return {
    leftTitle: 'Person',
    rightTitle: 'Candidate',
    left: person ? goldenValues(person) : {},
    right: candidateSide,
  };
}

export function goldenValues(person: PersonView): Demographics {
  const out: Demographics = {};
  for (const [field, value] of Object.entries(person.golden)) {
    if (value) out[field] = value.value;
  }
  return out;
}

export function compareFields(
  sides: Sides,
  comparisons: readonly ExplainedComparison[] = [],
): FieldRow[] {
  return FIELDS.flatMap(({ field, label, aliases }) => {
    const left = sides.left[field] ?? null;
    const right = sides.right[field] ?? null;
    if (isEmpty(left) && isEmpty(right)) return [];
    const engine = comparisons.find((c) => matchesField(c.id, field, aliases)) ?? null;
    const own = agreementOf(left, right);
    // Spelled differently but the engine counted it for the match (a nickname, a sound-alike).
    const agreement = own === 'differs' && engine !== null && engine.weight > 0 ? 'close' : own;
    return [{ field, label, left, right, agreement, engine }];
  });
}

export function agreementOf(
  left: FieldValue | undefined,
  right: FieldValue | undefined,
): Agreement {
  if (isEmpty(left) || isEmpty(right)) return 'missing';
  const a = fold(String(left));
  const b = fold(String(right));
  if (a === b) return 'same';
  const longest = Math.max(a.length, b.length);
  return editDistance(a, b) <= Math.max(1, Math.floor(longest / 4)) ? 'close' : 'differs';
}

function isEmpty(value: FieldValue | undefined): boolean {
  return value === null || value === undefined || value === '';
}

/** Case, accents and punctuation do not make two values differ. */
export function fold(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function matchesField(comparisonId: string, field: string, aliases: readonly string[]): boolean {
  const id = comparisonId.toLowerCase().replace(/[^a-z]/g, '');
  return id === field.toLowerCase() || aliases.includes(id);
}

/** Levenshtein distance; the values are short display strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export const AGREEMENT_LABELS: Record<Agreement, string> = {
  same: 'Same',
  close: 'Close',
  differs: 'Differs',
  missing: 'Missing',
};
