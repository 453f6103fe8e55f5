import * as fs from 'node:fs';
import { parse } from 'csv-parse';
import { CANONICAL_COLUMNS } from '../matching/record-types';
import { ENTITY_COLUMN } from './labelled-row';
import { csvHeader, csvRow } from './canonical-csv-writer';
import { DatasetKind, RowMapper } from './dataset-converter';
import { DATASET_CONVERTERS, datasetColumns, datasetParseOptions } from './dataset-converters';
import { RawRow } from './field-mapping';
import { LABELLED_COLUMNS, LabelledRow } from './labelled-row';
import { generateSyntheticPatients, SyntheticOptionsInput } from './synthetic-patients';
import { SYNTHETIC_ERROR_KINDS, SyntheticErrorKind } from './synthetic-registrations';
import { TruthRow, truthHeader, truthLine, truthOf } from './synthetic-truth';
import { buildFamilies, FamiliesOptions } from './families/families-generator';
import { truthOfFamilies } from './families/family-truth';
import { FAMILY_COLUMNS, familyCsvLine, toFamilyRow } from './families/family-rows';

export { DATASET_KINDS, isDatasetKind } from './dataset-converter';
export type { DatasetKind } from './dataset-converter';
export { convertText, datasetColumns } from './dataset-converters';
export { ENTITY_COLUMN, LABELLED_COLUMNS } from './labelled-row';
export type { LabelledRow } from './labelled-row';
export {
  DEFAULT_SYNTHETIC_OPTIONS,
  DEFAULT_SYNTHETIC_RATES,
  generateSyntheticPatients,
} from './synthetic-patients';
export type {
  SyntheticOptions,
  SyntheticOptionsInput,
  SyntheticRates,
  SyntheticRow,
} from './synthetic-patients';
export { readNameFrequencies } from './synthetic-name-source';
export { readSeedHouseholds } from './families/household-seed';
export type { NameFrequencies } from './synthetic-name-source';
export { SYNTHETIC_ERROR_KINDS } from './synthetic-registrations';
export type { SyntheticErrorKind } from './synthetic-registrations';
export { SYNTHETIC_SOURCES } from './synthetic-sources';
export type { SyntheticSource } from './synthetic-sources';

/** Gathers lines into large writes and waits for `drain`, so big files do not pile up in memory. */
function bufferedWriter(out: NodeJS.WritableStream) {
  let pending: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  const write = async (line: string): Promise<void> => {
    pending.push(line);
    size += line.length;
    if (size >= 1 << 16) await flush();
  };
  return { write, flush };
}

/** Streams one data-set file as labelled rows; the mapper is chosen once the header is read. */
export async function* readDatasetFile(
  kind: DatasetKind,
  file: string,
): AsyncGenerator<LabelledRow> {
  let mapper: RowMapper | undefined;
  const parser = parse(
    datasetParseOptions((header) => {
      mapper = DATASET_CONVERTERS[kind].forFile(file, header);
    }),
  );
  const input = fs.createReadStream(file);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  for await (const raw of parser as AsyncIterable<RawRow>) {
    const row = mapper?.(raw);
    if (row) yield row;
  }
}

/**
 * Converts labelled data-set files (all of one kind, e.g. FEBRL dataset4a + dataset4b) into
 * one canonical CSV with an `entity_id` column (left out with `labels: false`, for a plain
 * import), written to `out` (which is not ended).
 */
export async function convertDataset(
  kind: DatasetKind,
  inputPaths: string[],
  out: NodeJS.WritableStream,
  options: { labels?: boolean } = {},
): Promise<{ rows: number }> {
  const columns = datasetColumns(kind).filter(
    (c) => options.labels !== false || c !== ENTITY_COLUMN,
  );
  const writer = bufferedWriter(out);
  await writer.write(csvHeader(columns));
  let rows = 0;
  for (const file of inputPaths) {
    for await (const row of readDatasetFile(kind, file)) {
      await writer.write(csvRow(row, columns));
      rows += 1;
    }
  }
  await writer.flush();
  return { rows };
}

/**
 * Writes a labelled synthetic population as canonical CSV (every canonical column plus
 * `entity_id`) to `out` (not ended); `errors` counts rows per error kind. With `truthOut`,
 * each person's true values too (`synthetic-truth.ts`), one row per person.
 */
export async function generateSynthetic(
  options: SyntheticOptionsInput,
  out: NodeJS.WritableStream,
  truthOut?: NodeJS.WritableStream,
): Promise<{ rows: number; entities: number; errors: Record<SyntheticErrorKind, number> }> {
  const columns = LABELLED_COLUMNS;
  const writer = bufferedWriter(out);
  const truth = truthOut ? bufferedWriter(truthOut) : undefined;
  await truth?.write(truthHeader());
  const errors = Object.fromEntries(SYNTHETIC_ERROR_KINDS.map((k) => [k, 0])) as Record<
    SyntheticErrorKind,
    number
  >;
  const entities = new Set<string>();
  let rows = 0;
  await writer.write(csvHeader(columns));
  for (const { row, errors: kinds, person, seen } of generateSyntheticPatients(options)) {
    await writer.write(csvRow(row, columns));
    rows += 1;
    if (!entities.has(row.entity_id)) await truth?.write(truthLine(truthOf(person, seen)));
    entities.add(row.entity_id);
    for (const kind of kinds) errors[kind] += 1;
  }
  await writer.flush();
  await truth?.flush();
  return { rows, entities: entities.size, errors };
}

/**
 * Writes the families population (docs/families-population.md) as canonical CSV plus
 * `entity_id`, `household_id` and `tags`, or the canonical columns alone with `labels: false`.
 */
export async function generateFamilies(
  options: FamiliesOptions,
  out: NodeJS.WritableStream,
  labels = true,
  truthOut?: NodeJS.WritableStream,
): Promise<{ rows: number; people: number; households: number }> {
  const families = buildFamilies(options);
  if (truthOut) await writeTruth(truthOut, truthOfFamilies(families));
  const writer = bufferedWriter(out);
  const rows = families.records.map(toFamilyRow);
  await writer.write(csvHeader(labels ? FAMILY_COLUMNS : CANONICAL_COLUMNS));
  for (const row of rows) {
    await writer.write(labels ? familyCsvLine(row) : csvRow(row, CANONICAL_COLUMNS));
  }
  await writer.flush();
  return {
    rows: rows.length,
    people: new Set(rows.map((r) => r.entity_id)).size,
    households: new Set(rows.map((r) => r.household_id)).size,
  };
}

/** Each person's true values (`synthetic-truth.ts`), for `mpi eval --truth`. */
async function writeTruth(out: NodeJS.WritableStream, rows: readonly TruthRow[]): Promise<void> {
  const writer = bufferedWriter(out);
  await writer.write(truthHeader());
  for (const row of rows) await writer.write(truthLine(row));
  await writer.flush();
}

/**
 * `[formal, nickname]` pairs from a `name1,relationship,name2` table such as
 * data/reference/nicknames/names.csv (CRLF tolerated); other relationships are ignored.
 */
export async function readNicknamePairs(file: string): Promise<[string, string][]> {
  const text = await fs.promises.readFile(file, 'utf8');
  const pairs: [string, string][] = [];
  for (const line of text.split(/\r?\n/).slice(1)) {
    const [formal, relationship, nickname] = line.split(',').map((c) => c.trim());
    if (formal && nickname && relationship === 'has_nickname') pairs.push([formal, nickname]);
  }
  return pairs;
}
