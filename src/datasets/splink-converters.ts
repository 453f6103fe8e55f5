import { DatasetConverter } from './dataset-converter';
import { administrativeGender, cell, compact, RawRow } from './field-mapping';
import { LabelledRow } from './labelled-row';

function requireCell(raw: RawRow, column: string, kind: string): string {
  const value = cell(raw, column);
  if (value === undefined) throw new Error(`${kind}: a row has no ${column}`);
  return value;
}

/** Splink fake_1000: `unique_id, first_name, surname, dob, city, email, cluster`. */
export function mapFake1000Row(raw: RawRow): LabelledRow {
  return compact<LabelledRow>({
    source: 'fake_1000',
    source_id: requireCell(raw, 'unique_id', 'fake_1000'),
    given_name: cell(raw, 'first_name'),
    family_name: cell(raw, 'surname'),
    birth_date: cell(raw, 'dob'),
    city: cell(raw, 'city'),
    email: cell(raw, 'email'),
    entity_id: `fake_1000-${requireCell(raw, 'cluster', 'fake_1000')}`,
  });
}

/**
 * Splink historical_50k. Birth place and occupation have no canonical column and the full
 * name mixes in titles, so only first name, surname, dob, postcode and gender are used.
 * Gender values other than male/female (unresolved Wikidata ids, `female | male`) are left out.
 */
export function mapHistorical50kRow(raw: RawRow): LabelledRow {
  return compact<LabelledRow>({
    source: 'historical_50k',
    source_id: requireCell(raw, 'unique_id', 'historical_50k'),
    given_name: cell(raw, 'first_name'),
    family_name: cell(raw, 'surname'),
    birth_date: cell(raw, 'dob'),
    sex: administrativeGender(cell(raw, 'gender')),
    postal_code: cell(raw, 'postcode_fake'),
    entity_id: `historical_50k-${requireCell(raw, 'cluster', 'historical_50k')}`,
  });
}

export const fake1000Converter: DatasetConverter = {
  kind: 'fake-1000',
  columns: ['given_name', 'family_name', 'birth_date', 'city', 'email'],
  forFile: () => mapFake1000Row,
};

export const historical50kConverter: DatasetConverter = {
  kind: 'historical-50k',
  columns: ['given_name', 'family_name', 'birth_date', 'sex', 'postal_code'],
  forFile: () => mapHistorical50kRow,
};
