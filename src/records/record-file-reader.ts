import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { parse } from 'csv-parse';
import { MpiError } from '../common/mpi-error';
import { patientToCanonical } from '../formats/patient-to-canonical';
import { CANONICAL_COLUMNS, CanonicalRecord } from '../matching/record-types';
import { IngestRecord } from '../formats/ingest-record';

/** One line of an import file: a record to ingest, or why it could not be read. */
export type FileRow =
  | { line: number; record: IngestRecord; extra: Record<string, string> }
  | { line: number; errors: { field: string; reason: string }[] };

export interface ReadOptions {
  /** Columns allowed besides the canonical ones (eval reads `entity_id`). */
  extraColumns?: string[];
  /** Source for NDJSON Patients that have no MR identifier. */
  source?: string;
}

export function fileFormat(file: string): 'csv' | 'ndjson' {
  return /\.(nd)?jsonl?$/i.test(file) || /\.ndjson$/i.test(file) ? 'ndjson' : 'csv';
}

/** Streams a canonical CSV or FHIR NDJSON file; memory stays flat whatever its size. */
export function readRecordFile(file: string, options: ReadOptions = {}): AsyncIterable<FileRow> {
  const stream = fs.createReadStream(file);
  return fileFormat(file) === 'ndjson' ? readNdjson(stream, options) : readCsv(stream, options);
}

function checkHeader(header: string[], extra: string[]): string[] {
  const known = new Set<string>([...CANONICAL_COLUMNS, ...extra]);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length > 0) {
    throw new MpiError('invalid-input', `unknown column(s): ${unknown.join(', ')}`, [
      {
        location: 'line 1',
        reason: `the importer does not know the column(s) ${unknown.join(', ')}`,
      },
    ]);
  }
  for (const required of ['source', 'source_id']) {
    if (!header.includes(required))
      throw new MpiError('invalid-input', `the header has no ${required} column`);
  }
  return header;
}

async function* readCsv(
  input: NodeJS.ReadableStream,
  options: ReadOptions,
): AsyncIterable<FileRow> {
  const extra = options.extraColumns ?? [];
  const skipped: FileRow[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) =>
        checkHeader(
          header.map((h) => h.trim()),
          extra,
        ),
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
      relax_column_count: false,
    }),
  );
  parser.on('skip', (error: { lines?: number; code?: string }) => {
    skipped.push({
      line: error.lines ?? 0,
      errors: [{ field: 'row', reason: csvReason(error.code) }],
    });
  });
  for await (const item of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    while (skipped.length > 0) yield skipped.shift() as FileRow;
    yield splitRow(item.record, item.info.lines, extra);
  }
  while (skipped.length > 0) yield skipped.shift() as FileRow;
}

function csvReason(code: string | undefined): string {
  if (
    code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ||
    code === 'CSV_RECORD_INCONSISTENT_COLUMNS'
  ) {
    return 'the row has a different number of fields than the header';
  }
  if (code === 'CSV_QUOTE_NOT_CLOSED' || code === 'CSV_INVALID_CLOSING_QUOTE')
    return 'the row has a malformed quoted field';
  return 'the row is not valid CSV';
}

function splitRow(row: Record<string, string>, line: number, extraColumns: string[]): FileRow {
  const record: Record<string, string> = {};
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === '') continue;
    if (extraColumns.includes(key)) extra[key] = value;
    else record[key] = value;
  }
  return { line, record: record as CanonicalRecord, extra };
}

async function* readNdjson(
  input: NodeJS.ReadableStream,
  options: ReadOptions,
): AsyncIterable<FileRow> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      yield { line, errors: [{ field: 'line', reason: 'the line is not valid JSON' }] };
      continue;
    }
    const fallback = options.source ? { source: options.source } : undefined;
    const mapped = patientToCanonical(body, fallback);
    if ('errors' in mapped) {
      yield {
        line,
        errors: mapped.errors.map((e) => ({ field: e.location ?? 'Patient', reason: e.reason })),
      };
    } else {
      yield { line, record: mapped.record, extra: {} };
    }
  }
}
