import { FieldResult, dropped, present } from './field-result';

/**
 * E-mail addresses: trimmed and lower-cased (local parts are case-insensitive in practice),
 * then a basic shape check. No provider-specific folding (gmail dots, `+tags`): it would merge
 * addresses that other providers keep apart.
 */
const SHAPE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
/** What registration clerks type when a patient has no address (example.com stays: tests use it). */
const PLACEHOLDER_LOCAL = new Set(['none', 'noemail', 'no', 'na', 'unknown', 'null', 'declined']);
const PLACEHOLDER_DOMAINS = new Set(['none.com', 'noemail.com', 'nomail.com']);

export function normalizeEmail(raw: string): FieldResult<string> {
  const text = raw.trim().toLowerCase();
  if (text === '') return present(null);
  if (!SHAPE.test(text)) return dropped('email is not an e-mail address, treated as missing');
  const at = text.lastIndexOf('@');
  if (PLACEHOLDER_LOCAL.has(text.slice(0, at)) || PLACEHOLDER_DOMAINS.has(text.slice(at + 1))) {
    return dropped('email is a placeholder address, treated as missing');
  }
  return present(text);
}
