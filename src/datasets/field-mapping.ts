import * as path from 'node:path';

/** A raw data-set row: header name -> trimmed cell text ('' when empty). */
export type RawRow = Readonly<Record<string, string | undefined>>;

/** The cell's text, or undefined when it is empty, so empty cells stay missing values. */
export function cell(raw: RawRow, column: string): string | undefined {
  const value = raw[column]?.trim();
  return value ? value : undefined;
}

/**
 * `YYYYMMDD` -> `YYYY-MM-DD`, keeping the digits even when they are no calendar date
 * (`19371233` -> `1937-12-33`): a corrupted date is still evidence (a swapped or mistyped
 * part), and judging it is the importer's job, not the converter's. Anything that is not
 * eight digits is passed on unchanged for the same reason.
 */
export function compactDateToIso(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : value;
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
