import { FieldResult, dropped, present } from './field-result';

/**
 * Phone numbers reduced to digits. A North American number takes its 10-digit form (a leading
 * country code 1 is dropped); other numbering plans keep their digits as given. An extension
 * (`x12`, `ext. 12`) is cut off: it names a desk, not a person. Values that cannot be a
 * subscriber number are dropped with the reason kept.
 */
const EXTENSION = /\s*(?:x|ext\.?|extension|#)\s*\d*\s*$/i;
const NON_DIGITS = /\D+/g;
/** Fewer digits than any national number worth matching on; more than E.164 allows. */
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;
const SEQUENCES = new Set(['1234567890', '0123456789', '9876543210', '1234567']);

export function normalizePhone(raw: string): FieldResult<string> {
  const text = raw.trim();
  if (text === '') return present(null);
  const digits = text.replace(EXTENSION, '').replace(NON_DIGITS, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (national.length < MIN_DIGITS) return dropped('phone has too few digits, treated as missing');
  if (national.length > MAX_DIGITS) return dropped('phone has too many digits, treated as missing');
  if (isPlaceholder(national)) return dropped('phone is a placeholder number, treated as missing');
  return present(national);
}

function isPlaceholder(digits: string): boolean {
  if (SEQUENCES.has(digits)) return true;
  const first = digits.charCodeAt(0);
  for (let i = 1; i < digits.length; i++) if (digits.charCodeAt(i) !== first) return false;
  return true;
}
