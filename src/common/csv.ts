/** RFC 4180 field quoting: quote when the value holds a comma, quote, CR or LF. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Data files (canonical CSV for import): values exactly as they are. */
export function csvLine(values: (string | number | null | undefined)[]): string {
  return values.map(csvField).join(',') + '\n';
}

/**
 * A text cell a spreadsheet would run as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `+`, `-`,
 * or a leading tab or CR) gets a leading apostrophe, which spreadsheets show as text (OWASP's
 * CSV injection advice). Numbers the service computes stay numbers.
 */
export function spreadsheetSafe(value: string | number | null | undefined): typeof value {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Exports meant to be opened by people (links, reviews): formula cells defused. */
export function csvExportLine(values: (string | number | null | undefined)[]): string {
  return csvLine(values.map(spreadsheetSafe));
}
