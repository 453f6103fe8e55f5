import { DatasetConverter, RowMapper } from './dataset-converter';
import { cell, compact, compactDateToIso, fileStem, joinPresent, RawRow } from './field-mapping';
import { LabelledRow } from './labelled-row';

/** FEBRL's soc_sec_id is a 7-digit generator number, not a US SSN: it goes to other_identifiers. */
export const FEBRL_SOC_SEC_SYSTEM = 'urn:febrl:soc_sec_id';

export interface FebrlFileContext {
  source: string;
  /** rec_id -> the true person, already namespaced so files of different sets never collide. */
  entityOf: (recId: string) => string;
}

/** Maps a FEBRL 1-4 or dsgen row (same columns; dsgen adds phone_number, age, blocking_number). */
export function mapFebrlRow(raw: RawRow, context: FebrlFileContext): LabelledRow {
  const recId = cell(raw, 'rec_id');
  if (recId === undefined) throw new Error('febrl: a row has no rec_id');
  const socSecId = cell(raw, 'soc_sec_id');
  const street = joinPresent([cell(raw, 'street_number'), cell(raw, 'address_1')]);
  // age is derived from the birth date and blocking_number leaks the truth: both left out.
  return compact<LabelledRow>({
    source: context.source,
    source_id: recId,
    given_name: cell(raw, 'given_name'),
    family_name: cell(raw, 'surname'),
    birth_date: compactDateToIso(cell(raw, 'date_of_birth')),
    phone: cell(raw, 'phone_number'),
    address_line: joinPresent([street, cell(raw, 'address_2')], ', '),
    city: cell(raw, 'suburb'),
    state: cell(raw, 'state'),
    postal_code: cell(raw, 'postcode'),
    other_identifiers: socSecId ? `${FEBRL_SOC_SEC_SYSTEM}|${socSecId}` : undefined,
    entity_id: context.entityOf(recId),
  });
}

/** `rec-223-org` and `rec-223-dup-1` are person 223. */
export function febrlEntityNumber(recId: string): string {
  const match = /^rec-(\d+)-(?:org|dup-\d+)$/.exec(recId);
  if (!match?.[1]) throw new Error(`febrl: unexpected rec_id "${recId}"`);
  return match[1];
}

/** dsgen ids are `N*10 + k` (k = 0 original, 1..9 duplicates): the person is `rec_id // 10`. */
export function dsgenEntityNumber(recId: string): string {
  if (!/^\d+$/.test(recId)) throw new Error(`febrl-dsgen: unexpected rec_id "${recId}"`);
  return String(Math.floor(Number(recId) / 10));
}

/**
 * `dataset1` -> source febrl1; `dataset4a`/`dataset4b` -> sources febrl4a/febrl4b sharing the
 * entity namespace febrl4, since 4b holds the duplicates of 4a's originals.
 */
export function febrlFileContext(fileName: string): FebrlFileContext {
  const stem = fileStem(fileName).toLowerCase();
  const match = /^dataset(\d)([ab]?)$/.exec(stem);
  const source = match ? `febrl${match[1]}${match[2]}` : stem;
  const family = match ? `febrl${match[1]}` : stem;
  return { source, entityOf: (recId) => `${family}-${febrlEntityNumber(recId)}` };
}

/**
 * `dataset_A_10000` -> source dsgen-a-10000; `dataset_D_org_10000`/`dataset_D_dup_10000` ->
 * sources dsgen-d-org-10000/dsgen-d-dup-10000 sharing the entity namespace dsgen-d-10000.
 */
export function dsgenFileContext(fileName: string): FebrlFileContext {
  const stem = fileStem(fileName)
    .toLowerCase()
    .replace(/^dataset_/, '');
  const source = `dsgen-${stem.replace(/_/g, '-')}`;
  const family = `dsgen-${stem.replace(/_(org|dup)_/, '_').replace(/_/g, '-')}`;
  return { source, entityOf: (recId) => `${family}-${dsgenEntityNumber(recId)}` };
}

const FEBRL_COLUMNS = [
  'given_name',
  'family_name',
  'birth_date',
  'address_line',
  'city',
  'state',
  'postal_code',
  'other_identifiers',
] as const;

export const febrlConverter: DatasetConverter = {
  kind: 'febrl',
  columns: FEBRL_COLUMNS,
  forFile(fileName: string): RowMapper {
    const context = febrlFileContext(fileName);
    return (raw) => mapFebrlRow(raw, context);
  },
};

export const dsgenConverter: DatasetConverter = {
  kind: 'febrl-dsgen',
  columns: [...FEBRL_COLUMNS, 'phone'],
  forFile(fileName: string): RowMapper {
    const context = dsgenFileContext(fileName);
    return (raw) => mapFebrlRow(raw, context);
  },
};
