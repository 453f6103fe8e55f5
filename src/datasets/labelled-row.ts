import { CANONICAL_COLUMNS, CanonicalColumn, CanonicalRecord } from '../matching/record-types';

/**
 * A canonical record plus the truth: `entity_id` names the real person, so an evaluation can
 * count true and false links. Only labelled files carry it; the importer's eval mode knows it.
 */
export type LabelledRow = CanonicalRecord & {
  source: string;
  source_id: string;
  entity_id: string;
};

export const ENTITY_COLUMN = 'entity_id';

export type LabelledColumn = CanonicalColumn | typeof ENTITY_COLUMN;

/** Every column a labelled file may hold, in the order the writer emits them. */
export const LABELLED_COLUMNS: readonly LabelledColumn[] = [...CANONICAL_COLUMNS, ENTITY_COLUMN];

/** Keeps the header order fixed whatever order a converter lists its columns in. */
export function orderColumns(columns: Iterable<LabelledColumn>): LabelledColumn[] {
  const wanted = new Set(columns);
  wanted.add('source');
  wanted.add('source_id');
  wanted.add(ENTITY_COLUMN);
  return LABELLED_COLUMNS.filter((c) => wanted.has(c));
}
