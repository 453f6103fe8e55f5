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
  /** `name,female,male` births (data/reference/given-names/names.csv). */
  givenNamesCsv: string;
}): ReferenceTables {
  return {
    nicknames: parseNicknameCsv(...files.nicknameCsvs),
    givenNames: parseKnownGivenNames(files.givenNamesCsv),
  };
}

/** Tables with no entries, for tests and tools that do not need nickname mapping. */
export function emptyReferenceTables(): ReferenceTables {
  return { nicknames: emptyNicknameTable(), givenNames: new Map() };
}
