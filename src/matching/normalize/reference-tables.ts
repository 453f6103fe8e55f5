import { KnownGivenNames, parseKnownGivenNames } from './known-given-names';
import { NicknameTable, emptyNicknameTable, parseNicknameCsv } from './nickname-table';

/** Reference data the normalizers consult; loaded once at boot (src/config/reference-tables.ts). */
export interface ReferenceTables {
  readonly nicknames: NicknameTable;
  readonly givenNames: KnownGivenNames;
}

/** Builds the tables from the reference files' text. */
export function parseReferenceTables(files: {
  /** The nickname tables, read as one. */
  nicknameCsvs: readonly string[];
  givenNamesTxt: string;
}): ReferenceTables {
  return {
    nicknames: parseNicknameCsv(...files.nicknameCsvs),
    givenNames: parseKnownGivenNames(files.givenNamesTxt),
  };
}

/** Tables with no entries, for tests and tools that do not need nickname mapping. */
export function emptyReferenceTables(): ReferenceTables {
  return { nicknames: emptyNicknameTable(), givenNames: new Set() };
}
