/**
 * What a field normalizer returns. Three outcomes, because the importer treats them apart:
 *   - a value (possibly null: the field was empty);
 *   - missing with an issue: a placeholder or implausible value, dropped but the reason kept
 *     so stewards can see why (the record is still accepted);
 *   - an error: the value is malformed and the record is rejected.
 * Reasons name the field and the rule, never the submitted value (no PHI in errors or logs).
 */
export type FieldResult<T> =
  | { readonly ok: true; readonly value: T | null; readonly issue?: string }
  | { readonly ok: false; readonly error: string };

export function present<T>(value: T | null): FieldResult<T> {
  return { ok: true, value };
}

/** Treated as missing, with the reason kept. */
export function dropped<T>(issue: string): FieldResult<T> {
  return { ok: true, value: null, issue };
}

export function invalid<T>(error: string): FieldResult<T> {
  return { ok: false, error };
}
