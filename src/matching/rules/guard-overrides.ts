import {
  TOKENS_DIFFERENT,
  TOKENS_EQUAL,
  TOKENS_ONE_EDIT,
  differInLastCharacterOnly,
  isPersonalNumber,
  mayDifferInLastCharacterOnly,
  tokenRelation,
} from '../compare/identifier-tokens';
import { declaresMultipleBirth } from '../compare/multiple-birth-comparison';
import { IdentifierToken, MatchFeatures } from '../record-types';
import { GuardOverride } from '../model/rule-settings';
import { identifierAuthority } from './identifier-authority';

/**
 * The authority under which the two records carry equal or one-edit-apart identifier tokens,
 * or null. Same authorities as the shared-identifier rule: `ssn`, a system by name, `*`.
 *
 * Numbers one edit apart that may differ only in their last character are no corroboration:
 * numbers issued together are consecutive (twins are often given ...1234 and ...1235), and a
 * typo in the last digit cannot be told from that. Without their stems (records stored before
 * stems existed) the pattern cannot be ruled out, so such numbers do not count either. This
 * holds for every override, not only the given-name one that twins would pass: the other one
 * (birth-date-conflict) stands between people whose numbers were issued together on other
 * occasions -- a parent and child enumerated at once (on immigration, say) who share given and
 * family name, address and phone, and differ in birth date. The cost is the true pairs whose
 * only typo sits in the last digit, one SSN position in nine.
 *
 * Inside one home its members' numbers were often issued together, consecutive or a character
 * apart anywhere (a family's Medicaid case numbers, siblings' SSNs of one area and group): there
 * a number one edit off reads as a typo only where nothing else of the person differs (the same
 * birth date on both, no numbers of their own that differ) and no record says a co-twin shares
 * the home and the date; else only the same number corroborates.
 */
export function nearIdentifierAuthority(
  authorities: ReadonlySet<string>,
  a: MatchFeatures,
  b: MatchFeatures,
  sameHousehold = false,
): string | null {
  return identifierAuthority(authorities, a, b, nearNumbers(authorities, a, b, sameHousehold));
}

/** As nearIdentifierAuthority, for numbers of the person's own only (isPersonalNumber). */
export function nearPersonalIdentifierAuthority(
  authorities: ReadonlySet<string>,
  a: MatchFeatures,
  b: MatchFeatures,
  sameHousehold = false,
): string | null {
  const near = nearNumbers(authorities, a, b, sameHousehold);
  return identifierAuthority(
    authorities,
    a,
    b,
    (x, y) => isPersonalNumber(x) && isPersonalNumber(y) && near(x, y),
  );
}

/**
 * Under one authority both carry a number of their own and the two are different numbers (not
 * a typo apart; inside one home, not one apart in the last character either: numbers issued
 * together, as twins' member numbers are).
 */
export function personalNumbersDiffer(
  authorities: ReadonlySet<string>,
  a: MatchFeatures,
  b: MatchFeatures,
  sameHousehold: boolean,
): boolean {
  const differ = sameHousehold ? differentPersonalNumbersAtHome : differentPersonalNumbers;
  return identifierAuthority(authorities, a, b, differ) !== null;
}

function differentPersonalNumbers(x: IdentifierToken, y: IdentifierToken): boolean {
  return isPersonalNumber(x) && isPersonalNumber(y) && tokenRelation(x, y) === TOKENS_DIFFERENT;
}

function differentPersonalNumbersAtHome(x: IdentifierToken, y: IdentifierToken): boolean {
  return (
    differentPersonalNumbers(x, y) ||
    (isPersonalNumber(x) && isPersonalNumber(y) && differInLastCharacterOnly(x, y))
  );
}

/** What counts as near for this pair (nearIdentifierAuthority). */
function nearNumbers(
  authorities: ReadonlySet<string>,
  a: MatchFeatures,
  b: MatchFeatures,
  sameHousehold: boolean,
): (x: IdentifierToken, y: IdentifierToken) => boolean {
  if (!sameHousehold) return corroborates;
  const typoBelievable =
    a.birthDate !== null &&
    a.birthDate === b.birthDate &&
    !declaresMultipleBirth(a.multipleBirth, b.multipleBirth) &&
    !personalNumbersDiffer(authorities, a, b, sameHousehold);
  return typoBelievable ? corroborates : sameNumber;
}

function sameNumber(x: IdentifierToken, y: IdentifierToken): boolean {
  return tokenRelation(x, y) === TOKENS_EQUAL;
}

/** Equal, or one edit apart somewhere other than (only) the last character. */
function corroborates(x: IdentifierToken, y: IdentifierToken): boolean {
  const relation = tokenRelation(x, y);
  if (relation === TOKENS_EQUAL) return true;
  return relation === TOKENS_ONE_EDIT && !mayDifferInLastCharacterOnly(x, y);
}

/** An override resolved against a model's comparisons, ready for the hot path. */
export interface CompiledOverride {
  readonly settings: GuardOverride;
  /** Indexes (in the model's comparison order) of the excluded comparisons. */
  readonly excluded: readonly number[];
  /** ... and of those that must agree. */
  readonly agreeing: readonly number[];
}

export function compileOverride(
  settings: GuardOverride,
  comparisonIds: readonly string[],
): CompiledOverride {
  const indexes = (ids: readonly string[]): number[] =>
    ids.map((id) => comparisonIds.indexOf(id)).filter((index) => index >= 0);
  return { settings, excluded: indexes(settings.excluding), agreeing: indexes(settings.agreeing) };
}

/** The pair as an override weighs it. */
export interface OverriddenPair {
  readonly a: MatchFeatures;
  readonly b: MatchFeatures;
  /** Prior included. */
  readonly totalWeight: number;
  readonly comparisonWeights: ArrayLike<number>;
  readonly sameHousehold: boolean;
}

/** The authority that corroborates, when the override admits the pair; null when the guard stands. */
export function overrideAdmits(
  override: CompiledOverride,
  authorities: ReadonlySet<string>,
  { a, b, totalWeight, comparisonWeights, sameHousehold }: OverriddenPair,
): string | null {
  let other = totalWeight;
  for (const index of override.excluded) other -= comparisonWeights[index] ?? 0;
  if (!(other >= override.settings.minimumOtherWeight)) return null;
  if (!override.agreeing.every((index) => (comparisonWeights[index] ?? 0) > 0)) return null;
  // A clerk who replaced a field did not replace the SSN too: numbers of the person's own that
  // differ (a child under a grandmother's MRN, twins under a sponsor's SSN with member numbers
  // of their own) are two people's, whatever record number they share.
  if (personalNumbersDiffer(authorities, a, b, sameHousehold)) return null;
  return nearIdentifierAuthority(authorities, a, b, sameHousehold);
}
