import { DatasetConverter, RowMapper } from './dataset-converter';
import {
  administrativeGender,
  cell,
  compact,
  fileStem,
  joinPresent,
  RawRow,
} from './field-mapping';
import { LabelledRow } from './labelled-row';

/** The pseudopeople sample files that are registrations of people, by source name. */
const FILES = {
  decennial_census: 'pp_census',
  social_security: 'pp_ssa',
  women_infants_and_children: 'pp_wic',
  american_community_survey: 'pp_acs',
  current_population_survey: 'pp_cps',
} as const;

export type PseudopeopleFile = keyof typeof FILES;

/** By file name first; by header when the file was renamed. */
export function pseudopeopleFileOf(fileName: string, header: readonly string[]): PseudopeopleFile {
  const stem = fileStem(fileName);
  if (stem in FILES) return stem as PseudopeopleFile;
  const has = (column: string): boolean => header.includes(column);
  if (has('event_type')) return 'social_security';
  if (has('survey_date')) {
    return has('relationship_to_reference_person')
      ? 'american_community_survey'
      : 'current_population_survey';
  }
  if (has('copy_age')) return 'decennial_census';
  if (has('year')) return 'women_infants_and_children';
  throw new Error(`pseudopeople: cannot tell which sample file ${fileName} is`);
}

/**
 * One pseudopeople row. The simulant id is the truth only, never the source_id: a
 * source_id equal across sources would hand the matcher the answer. SSA death events
 * repeat the person's creation record, so they are skipped (null).
 */
export function mapPseudopeopleRow(
  raw: RawRow,
  file: PseudopeopleFile,
  sourceId: string,
): LabelledRow | null {
  if (cell(raw, 'event_type') === 'death') return null;
  const simulant = cell(raw, 'simulant_id');
  if (simulant === undefined) throw new Error('pseudopeople: a row has no simulant_id');
  return compact<LabelledRow>({
    source: FILES[file],
    source_id: sourceId,
    given_name: cell(raw, 'first_name'),
    middle_name: cell(raw, 'middle_name') ?? cell(raw, 'middle_initial'),
    family_name: cell(raw, 'last_name'),
    birth_date: cell(raw, 'date_of_birth'),
    sex: administrativeGender(cell(raw, 'sex')),
    ssn: cell(raw, 'ssn'),
    address_line: joinPresent([
      cell(raw, 'street_number'),
      cell(raw, 'street_name'),
      cell(raw, 'unit_number'),
    ]),
    city: cell(raw, 'city'),
    state: cell(raw, 'state'),
    postal_code: cell(raw, 'zipcode'),
    entity_id: `pp-${simulant}`,
  });
}

export const pseudopeopleConverter: DatasetConverter = {
  kind: 'pseudopeople',
  columns: [
    'given_name',
    'middle_name',
    'family_name',
    'birth_date',
    'sex',
    'ssn',
    'address_line',
    'city',
    'state',
    'postal_code',
  ],
  forFile(fileName: string, header: readonly string[]): RowMapper {
    const file = pseudopeopleFileOf(fileName, header);
    let row = 0;
    return (raw) => {
      row += 1;
      // The year or survey date keeps ids readable; the row number keeps them unique.
      const period = cell(raw, 'year') ?? cell(raw, 'survey_date')?.slice(0, 4);
      return mapPseudopeopleRow(raw, file, joinPresent([period, String(row)], '-') ?? String(row));
    };
  },
};
