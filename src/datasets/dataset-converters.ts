import { OptionsWithColumns } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { censusConverter } from './census-converter';
import { DatasetConverter, DatasetKind } from './dataset-converter';
import { dsgenConverter, febrlConverter } from './febrl-converter';
import { RawRow } from './field-mapping';
import { LabelledColumn, LabelledRow, orderColumns } from './labelled-row';
import { pseudopeopleConverter } from './pseudopeople-converter';
import { fake1000Converter, historical50kConverter } from './splink-converters';

export const DATASET_CONVERTERS: Readonly<Record<DatasetKind, DatasetConverter>> = {
  febrl: febrlConverter,
  'febrl-dsgen': dsgenConverter,
  'fake-1000': fake1000Converter,
  'historical-50k': historical50kConverter,
  census: censusConverter,
  pseudopeople: pseudopeopleConverter,
};

/** The header of a converted file: the canonical columns the data set fills, then entity_id. */
export function datasetColumns(kind: DatasetKind): LabelledColumn[] {
  return orderColumns(DATASET_CONVERTERS[kind].columns);
}

/**
 * csv-parse options for every data set. `trim` absorbs FEBRL's `", "` separators (an empty
 * FEBRL value is a single space); line endings (CRLF in FEBRL 4a) are detected by csv-parse;
 * quoted fields (historical_50k) are standard RFC 4180.
 */
export function datasetParseOptions(
  onHeader: (header: string[]) => void,
): OptionsWithColumns<RawRow> {
  return {
    bom: true,
    trim: true,
    skip_empty_lines: true,
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim());
      onHeader(names);
      return names;
    },
  };
}

/** Converts one whole file held in memory (small files and tests); see convertDataset for streams. */
export function convertText(kind: DatasetKind, fileName: string, text: string): LabelledRow[] {
  let mapper: ((raw: RawRow) => LabelledRow | null) | undefined;
  const options = datasetParseOptions((header) => {
    mapper = DATASET_CONVERTERS[kind].forFile(fileName, header);
  });
  const raws = parse<RawRow>(text, options);
  if (mapper === undefined) return [];
  const map = mapper;
  return raws.map((raw) => map(raw)).filter((row): row is LabelledRow => row !== null);
}
