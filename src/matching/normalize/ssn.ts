import { FieldResult, dropped, present } from './field-result';

/**
 * US Social Security numbers: 9 digits, any punctuation. Numbers the SSA never issues and
 * well-known placeholders are dropped with the reason kept; never an error, because a source
 * that puts 999-99-9999 in a required field still sends a good record otherwise.
 */
const SEPARATORS = /[\s.\-/]+/g;
const DIGITS = /^\d{9}$/;
const PLACEHOLDERS = new Set([
  '123456789',
  '987654321',
  '078051120', // printed on a sample card sold in wallets (1938)
  '219099999', // used in an SSA advertisement
]);

export function normalizeSsn(raw: string): FieldResult<string> {
  const digits = raw.trim().replace(SEPARATORS, '');
  if (digits === '') return present(null);
  if (!DIGITS.test(digits)) return dropped('ssn is not 9 digits, treated as missing');
  const reason = unissuedReason(digits);
  return reason === null ? present(digits) : dropped(`${reason}, treated as missing`);
}

/** Why a 9-digit SSN cannot be a real one, or null. */
export function unissuedReason(digits: string): string | null {
  if (PLACEHOLDERS.has(digits) || /^(\d)\1{8}$/.test(digits)) return 'ssn is a placeholder number';
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area >= '900') return 'ssn area number is never issued';
  if (digits.slice(3, 5) === '00') return 'ssn group number 00 is never issued';
  if (digits.slice(5) === '0000') return 'ssn serial number 0000 is never issued';
  return null;
}
