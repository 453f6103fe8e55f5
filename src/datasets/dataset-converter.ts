import { LabelledColumn, LabelledRow } from './labelled-row';
import { RawRow } from './field-mapping';

/** The labelled public data sets we can turn into canonical CSV (see data/linkage). */
export const DATASET_KINDS = [
  'febrl',
  'febrl-dsgen',
  'fake-1000',
  'historical-50k',
  'census',
  'pseudopeople',
] as const;

export type DatasetKind = (typeof DATASET_KINDS)[number];

/** Maps one raw row of one file; null skips a row that is no registration of a person. */
export type RowMapper = (raw: RawRow) => LabelledRow | null;

/**
 * One data set's reading rules. `forFile` sees the file name and header because several sets
 * encode the source in the file name (FEBRL 4a/4b, dsgen org/dup) or differ per file
 * (pseudopeople); the returned mapper may keep per-file state (census repeated ids).
 */
export interface DatasetConverter {
  readonly kind: DatasetKind;
  readonly columns: readonly LabelledColumn[];
  forFile(fileName: string, header: readonly string[]): RowMapper;
}

export function isDatasetKind(value: string): value is DatasetKind {
  return (DATASET_KINDS as readonly string[]).includes(value);
}
