import { NicknameTable, emptyNicknameTable, parseNicknameCsv } from './nickname-table';

/** Reference data the normalizers consult; loaded once at boot (src/config/reference-tables.ts). */
export interface ReferenceTables {
  readonly nicknames: NicknameTable;
}

/** Builds the tables from the reference files' text. */
export function parseReferenceTables(files: { nicknamesCsv: string }): ReferenceTables {
  return { nicknames: parseNicknameCsv(files.nicknamesCsv) };
}

/** Tables with no entries, for tests and tools that do not need nickname mapping. */
export function emptyReferenceTables(): ReferenceTables {
  return { nicknames: emptyNicknameTable() };
}
