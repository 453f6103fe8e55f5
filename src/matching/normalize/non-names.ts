import { foldText } from './text-fold';

/**
 * Words written where a name belongs when the name was not had (`Mom`, `Resident`, `Unknown`,
 * `Dont Know`: data/reference/non-names), folded. A name field holding one names no one.
 */
export interface NonNames {
  readonly given: ReadonlySet<string>;
  readonly family: ReadonlySet<string>;
}

export const NO_NON_NAMES: NonNames = { given: new Set(), family: new Set() };

/** One word or phrase a line, each folded as names are. */
export function parseNonNames(givenTxt: string, familyTxt: string): NonNames {
  const lines = (text: string): Set<string> =>
    new Set(
      text
        .split(/\r?\n/)
        .map(foldText)
        .filter((line) => line !== ''),
    );
  return { given: lines(givenTxt), family: lines(familyTxt) };
}
