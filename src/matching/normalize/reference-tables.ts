import { KnownGivenNames, parseKnownGivenNames } from './known-given-names';
import { NearNameIndex, nearNameIndex } from './near-known-names';
import { NicknameTable, emptyNicknameTable, parseNicknameCsv } from './nickname-table';
import { NO_NON_NAMES, NonNames, parseNonNames } from './non-names';

/** Reference data the normalizers consult; loaded once at boot (src/config/reference-tables.ts). */
export interface ReferenceTables {
  readonly nicknames: NicknameTable;
  readonly givenNames: KnownGivenNames;
  /** The given names and the nickname table's names, each within one edit (near-known-names.ts). */
  readonly nearGivenNames: NearNameIndex;
  readonly nonNames: NonNames;
}

/** Builds the tables from the reference files' text. */
export function parseReferenceTables(files: {
  /** The nickname tables, read as one. */
  nicknameCsvs: readonly string[];
  givenNamesTxt: string;
  /** Words written where a given or a family name belongs (data/reference/non-names). */
  nonNames: { givenTxt: string; familyTxt: string };
}): ReferenceTables {
  const nicknames = parseNicknameCsv(...files.nicknameCsvs);
  const givenNames = parseKnownGivenNames(files.givenNamesTxt);
  return {
    nicknames,
    givenNames,
    nearGivenNames: nearNameIndex([...givenNames, ...nicknames.groups.keys()]),
    nonNames: parseNonNames(files.nonNames.givenTxt, files.nonNames.familyTxt),
  };
}

/** Tables with no entries, for tests and tools that do not need nickname mapping. */
export function emptyReferenceTables(): ReferenceTables {
  return {
    nicknames: emptyNicknameTable(),
    givenNames: new Set(),
    nearGivenNames: new Set(),
    nonNames: NO_NON_NAMES,
  };
}
