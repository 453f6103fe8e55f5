import { comparableIdentifiers } from '../compare/identifier-tokens';
import { IdentifierToken, MatchFeatures } from '../record-types';

/**
 * The authority (`ssn`, or an identifier system) under which two records carry identifiers
 * that `agree`, or null. Only the model's trusted authorities count: `ssn`, a system by name,
 * or `*` for every system. Tokens made under different keys cannot be compared.
 */
export function identifierAuthority(
  authorities: ReadonlySet<string>,
  a: MatchFeatures,
  b: MatchFeatures,
  agree: (x: IdentifierToken, y: IdentifierToken) => boolean,
): string | null {
  if (a.keyId !== b.keyId) return null;
  if (authorities.has('ssn') && a.ssn !== null && b.ssn !== null && agree(a.ssn, b.ssn))
    return 'ssn';
  if (a.otherIdentifiers.length === 0 || b.otherIdentifiers.length === 0) return null;
  const anySystem = authorities.has('*');
  for (const x of a.otherIdentifiers) {
    if (!anySystem && !authorities.has(x.system)) continue;
    for (const y of b.otherIdentifiers) {
      if (comparableIdentifiers(x, y) && agree(x, y)) return x.system;
    }
  }
  return null;
}

const sameToken = (x: IdentifierToken, y: IdentifierToken): boolean => x.token === y.token;

/** The authority under which both records carry the same token, or null. */
export function sharedIdentifierAuthority(
  authorities: ReadonlySet<string>,
  a: MatchFeatures,
  b: MatchFeatures,
): string | null {
  return identifierAuthority(authorities, a, b, sameToken);
}
