import { FieldResult, invalid, present } from './field-result';

/** Birth order among multiples (`1`, `2`, ...), or `true`/`false` when only that is known. */
const ORDER = /^[1-9]\d?$/;
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['y', true],
  ['false', false],
  ['no', false],
  ['n', false],
]);

export function normalizeMultipleBirth(raw: string): FieldResult<number | boolean> {
  const text = raw.trim().toLowerCase();
  if (text === '') return present(null);
  if (ORDER.test(text)) return present(Number(text));
  const flag = BOOLEANS.get(text);
  if (flag !== undefined) return present(flag);
  return invalid('multiple_birth must be a birth order (1, 2, ...) or true/false');
}
