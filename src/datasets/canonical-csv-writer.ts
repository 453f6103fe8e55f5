import { csvLine } from '../common/csv';
import { LabelledColumn, LabelledRow } from './labelled-row';

/**
 * RFC 4180 output of labelled rows: CRLF is allowed by the RFC, but we write LF like the
 * rest of the project's CSV; fields are quoted only when they hold a comma, quote or newline.
 */
export function csvHeader(columns: readonly string[]): string {
  return csvLine([...columns]);
}

export function csvRow(row: LabelledRow, columns: readonly LabelledColumn[]): string {
  return csvLine(columns.map((c) => row[c]));
}
