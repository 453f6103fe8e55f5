import { comparableIdentifiers } from '../compare/identifier-tokens';
import { IdentifierToken, MatchFeatures, OtherIdentifierToken } from '../record-types';

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

/**
 * A system named for a record's number rather than a person's: an MRN, a chart number, HL7's
 * identifier types MR (medical record), PI (patient internal) and AN (account number).
 */
const RECORD_NUMBER_SYSTEM =
  /(?:^|[^a-z0-9])(?:mrn|mr|pi|an|chart|medical[^a-z0-9]*records?)(?:[^a-z0-9]|$)/;

/**
 * A number given to a record, not carried by a person: a record's own key (its source's MRN)
 * or an identifier under a system named for one. A clinic charts one twin's visit under the
 * other's MRN; an SSN, a licence or a member number is the person's wherever it is written.
 */
export function isRecordNumber(token: IdentifierToken | OtherIdentifierToken): boolean {
  return 'system' in token && (token.own === true || RECORD_NUMBER_SYSTEM.test(token.system));
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
