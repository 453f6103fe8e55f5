/**
 * Stored values are folded for comparison (`garcia lopez`, `123 n main st`); FHIR readers
 * expect them written as a person would. The fold is lossy (`O'Brien` was stored `obrien`),
 * so this is a readable form, not the registered spelling.
 */

/** Capitalises each word and each part after a hyphen: `garcia-lopez` -> `Garcia-Lopez`. */
export function titleCase(folded: string): string {
  return folded.replace(
    /(^|[\s-])(\p{L})/gu,
    (_all, before: string, letter: string) => before + letter.toUpperCase(),
  );
}

/** Address lines: words capitalised, unit numbers and ordinals left as they are. */
export function addressCase(folded: string): string {
  return folded
    .split(' ')
    .map((word) => (/^\d/.test(word) ? word : titleCase(word)))
    .join(' ');
}

/** States and provinces are stored as their codes (`ca`, `nsw`): upper-case those, title-case names. */
export function stateCase(folded: string): string {
  return folded.length <= 3 && !folded.includes(' ') ? folded.toUpperCase() : titleCase(folded);
}

/** Postal codes are digits, or letters and digits without spaces (`sw1a1aa`). */
export function postalCodeCase(folded: string): string {
  return folded.toUpperCase();
}

/** Generational suffixes: roman numerals upper-case (`III`), words capitalised (`Jr`). */
export function suffixCase(folded: string): string {
  return /^[ivx]+$/.test(folded) ? folded.toUpperCase() : titleCase(folded);
}
