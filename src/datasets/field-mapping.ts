import * as path from 'node:path';

/** A raw data-set row: header name -> trimmed cell text ('' when empty). */
export type RawRow = Readonly<Record<string, string | undefined>>;

/** The cell's text, or undefined when it is empty, so empty cells stay missing values. */
export function cell(raw: RawRow, column: string): string | undefined {
  const value = raw[column]?.trim();
  return value ? value : undefined;
}

/**
 * `YYYYMMDD` -> `YYYY-MM-DD`. A value that is no calendar date (`19371233`) becomes missing:
 * the MPI refuses impossible dates (a registration system would not have accepted one), and
 * dropping the whole row would lose its other evidence. Anything that is not eight digits is
 * passed on unchanged, for the importer to judge.
 */
export function compactDateToIso(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) return value;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** Joins the present parts with a separator; undefined when none is present. */
export function joinPresent(parts: (string | undefined)[], separator = ' '): string | undefined {
  const present = parts.filter((p): p is string => p !== undefined && p !== '');
  return present.length > 0 ? present.join(separator) : undefined;
}

/** Source values for sex -> FHIR administrative gender; anything unclear is left out. */
export function administrativeGender(value: string | undefined): string | undefined {
  switch (value?.toLowerCase()) {
    case 'm':
    case 'male':
      return 'male';
    case 'f':
    case 'female':
      return 'female';
    default:
      return undefined;
  }
}

/** `/x/dataset_A_10000.csv` -> `dataset_A_10000`. */
export function fileStem(file: string): string {
  return path.basename(file).replace(/\.[^.]*$/, '');
}

/** Drops undefined values so a row object holds only the cells it has. */
export function compact<T extends object>(row: T): T {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as T;
}
