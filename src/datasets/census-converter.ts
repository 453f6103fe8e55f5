import { DatasetConverter, RowMapper } from './dataset-converter';
import { cell, compact, joinPresent, RawRow } from './field-mapping';
import { LabelledRow } from './labelled-row';

/**
 * SecondString census: `source (A|B), rec_id, last_name, first_name, middle_initial,
 * house_number, street_name`; the same rec_id in A and B is the same person.
 *
 * B reuses a few household-level ids for different people. A source_id must be unique in its
 * source (sending a key again updates the record), and those people are not duplicates, so
 * the n-th repeat (n >= 2) gets `#n` on both its source_id and its entity.
 */
export function mapCensusRow(raw: RawRow, occurrence: number): LabelledRow {
  const recId = cell(raw, 'rec_id');
  if (recId === undefined) throw new Error('census: a row has no rec_id');
  const file = (cell(raw, 'source') ?? 'x').toLowerCase();
  const key = occurrence > 1 ? `${recId}#${occurrence}` : recId;
  return compact<LabelledRow>({
    source: `census_${file}`,
    source_id: key,
    given_name: cell(raw, 'first_name'),
    middle_name: cell(raw, 'middle_initial'),
    family_name: cell(raw, 'last_name'),
    address_line: joinPresent([cell(raw, 'house_number'), cell(raw, 'street_name')]),
    entity_id: `census-${key}`,
  });
}

export const censusConverter: DatasetConverter = {
  kind: 'census',
  columns: ['given_name', 'middle_name', 'family_name', 'address_line'],
  forFile(): RowMapper {
    const seen = new Map<string, number>();
    return (raw) => {
      const key = `${cell(raw, 'source') ?? ''}/${cell(raw, 'rec_id') ?? ''}`;
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      return mapCensusRow(raw, occurrence);
    };
  },
};
