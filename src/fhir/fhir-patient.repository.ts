import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { Param, StatementPart } from '../database/statement-parts';
import {
  CANDIDATES_CTE,
  CandidateRow,
  CandidateSet,
  candidateParameters,
  candidateSet,
} from '../retrieval/candidate.repository';
import { GoldenRecord } from '../linkage/golden-record';
import { StoredGolden, unpackGolden } from '../linkage/stored-golden';
import { Demographics } from '../formats/demographics';
import { DemographicText, RecordCriterion, RecordKey, TokenField } from './record-criteria';

/** A person row as the Patient mappings need it. */
export interface PersonRow {
  id: string;
  status: 'active' | 'merged' | 'empty';
  merged_into: string | null;
  version: number;
  updated_at: Date;
  golden: GoldenRecord;
}

/** A source record row with its identifiers still encrypted. */
export interface RecordRow {
  id: string;
  source: string;
  source_id_token: string;
  source_id_enc: string;
  identifiers_enc: string | null;
  demographics: Demographics;
  changed_at: Date;
  /** When the source says the registration happened; null before it was kept. */
  event_at: Date | null;
  version: number;
  person_id: string | null;
}

/** All the records of person `p`, as one JSON array (timestamps as text), by record id. */
const RECORDS_OF_PERSON = `coalesce((select json_agg(json_build_object(
    'id', r.id, 'source', r.source, 'source_id_token', r.source_id_token,
    'source_id_enc', r.source_id_enc, 'identifiers_enc', r.identifiers_enc,
    'demographics', r.demographics, 'changed_at', r.changed_at, 'event_at', r.event_at, 'version', r.version, 'person_id', l.person_id)
    order by r.id)
   from record_link l join source_record r on r.id = l.record_id where l.person_id = p.id), '[]'::json)`;

/**
 * Active persons and all their records in one round trip; record rows come back as JSON. The
 * ids arrive as a JSON array: a uuid[] parameter lets the planner count its elements, so every
 * call was planned anew (its custom plan always looked cheaper than the generic one), and the
 * planning cost more than the execution; a JSON array has no such count, and the statement keeps
 * one generic plan per connection.
 */
const PERSONS_WITH_RECORDS_SQL = `
  select p.id, p.status, p.merged_into, p.version, p.updated_at, p.golden, p.packed, ${RECORDS_OF_PERSON} as records
    from (select distinct e.id::uuid as id from json_array_elements_text($1::json) as e(id)) i
    cross join lateral (select * from person x where x.id = i.id and x.status = 'active' offset 0) p`;

/**
 * $match in one round trip: the candidates of the query's blocking keys (CANDIDATES_CTE, one
 * row each, `person` null), then each active person they belong to with all its records (one
 * row each, `id` null) -- unless they are more than $3 persons: the golden records of those a
 * query releases are then read after scoring, so a huge block does not drag its whole
 * population out of the store.
 */
const CANDIDATES_WITH_PERSONS_SQL = `${CANDIDATES_CTE}
  select c.id, c.person_id, c.features, c.hits, null::json as person from candidates c
  union all
  select null, p.id, null, null, json_build_object('id', p.id, 'status', p.status,
         'merged_into', p.merged_into, 'version', p.version, 'updated_at', p.updated_at,
         'golden', p.golden, 'packed', encode(p.packed, 'base64'), 'records', ${RECORDS_OF_PERSON})
    from (select distinct person_id from candidates) d
    cross join lateral (select * from person x where x.id = d.person_id and x.status = 'active' offset 0) p
   where (select count(distinct person_id) from candidates) <= $3`;

/** The $match statement with its parameters (the bench's floor server runs it too). */
export function matchCandidatesStatement(
  lookup: { keys: readonly string[]; capPerKey: number },
  personCap: number,
): { name: string; text: string; values: unknown[] } {
  return {
    name: 'mpi_fhir_match_candidates_v3',
    text: CANDIDATES_WITH_PERSONS_SQL,
    values: [...candidateParameters(lookup.keys, lookup.capPerKey), personCap],
  };
}

/** A person row as the statements read it: the golden record in its stored forms (stored-golden.ts). */
type StoredPersonRow = Omit<PersonRow, 'golden'> & {
  golden: StoredGolden | null;
  packed: Buffer | null;
};

/** A person row as the JSON of the statements above hands it back (`packed` in base64). */
type PersonJson = Omit<StoredPersonRow, 'updated_at' | 'packed'> & {
  updated_at: string;
  packed: string | null;
  records: RecordJson[];
};
type RecordJson = Omit<RecordRow, 'changed_at' | 'event_at'> & {
  changed_at: string;
  event_at: string | null;
};

export interface PersonWithRecords {
  person: PersonRow;
  records: RecordRow[];
}

/** The candidates of a $match, and their persons unless there were too many to read at once. */
export interface CandidatesWithPersons {
  candidates: CandidateSet;
  /** Null when the candidates' persons were more than asked for: read the released ones then. */
  persons: PersonWithRecords[] | null;
}

const RECORD_COLUMNS = `r.id, r.source, r.source_id_token, r.source_id_enc, r.identifiers_enc, r.demographics, r.changed_at, r.event_at, r.version, l.person_id`;

/** The SQL behind the FHIR Patient routes: reads of persons and records, search, identifier lookups. */
@Injectable()
export class FhirPatientRepository {
  async personsByIds(manager: EntityManager, ids: readonly string[]): Promise<PersonRow[]> {
    if (ids.length === 0) return [];
    const rows: StoredPersonRow[] = await manager.query(
      `select id, status, merged_into, version, updated_at, golden, packed from person where id = any($1::uuid[])`,
      [ids],
    );
    return rows.map(personOfRow);
  }

  /**
   * Active persons with all their records, in one round trip (the $match and search hot path).
   * Record columns come back through JSON, so timestamps arrive as text.
   */
  async activePersonsWithRecords(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<PersonWithRecords[]> {
    if (ids.length === 0) return [];
    const rows = await preparedQuery<StoredPersonRow & { records: RecordJson[] }>(
      manager,
      'mpi_fhir_persons_with_records_v4',
      PERSONS_WITH_RECORDS_SQL,
      [JSON.stringify(ids)],
    );
    return rows.map(({ records, ...person }) => ({
      person: personOfRow(person),
      records: records.map(recordOfJson),
    }));
  }

  /**
   * The candidates of a $match's blocking keys and, in the same statement, the golden records
   * of their persons (at most `personCap` of them; none when there are more).
   */
  async candidatesWithPersons(
    manager: EntityManager,
    lookup: { keys: readonly string[]; capPerKey: number },
    personCap: number,
  ): Promise<CandidatesWithPersons> {
    if (lookup.keys.length === 0) {
      return { candidates: { candidates: [], truncated: false }, persons: [] };
    }
    const statement = matchCandidatesStatement(lookup, personCap);
    const rows = await preparedQuery<CandidateRow & { person: PersonJson | null }>(
      manager,
      statement.name,
      statement.text,
      statement.values,
    );
    const candidates = rows.filter((r) => r.person === null);
    const persons = rows.flatMap((r) => (r.person === null ? [] : [personOfJson(r.person)]));
    const read = new Set(candidates.map((c) => c.person_id)).size <= personCap;
    return {
      candidates: candidateSet(candidates, lookup.capPerKey),
      persons: read ? persons : null,
    };
  }

  async recordsOfPersons(
    manager: EntityManager,
    personIds: readonly string[],
  ): Promise<RecordRow[]> {
    if (personIds.length === 0) return [];
    return manager.query(
      `select ${RECORD_COLUMNS} from record_link l join source_record r on r.id = l.record_id
        where l.person_id = any($1::uuid[]) order by r.id`,
      [personIds],
    );
  }

  async recordById(manager: EntityManager, id: string): Promise<RecordRow | null> {
    const rows: RecordRow[] = await manager.query(
      `select ${RECORD_COLUMNS} from source_record r left join record_link l on l.record_id = r.id where r.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Active persons with a record meeting every criterion: one page, ordered by id, and the total. */
  async searchPersons(
    manager: EntityManager,
    criteria: readonly RecordCriterion[],
    count: number,
    offset: number,
  ): Promise<{ ids: string[]; total: number }> {
    const params: unknown[] = [];
    const param = positional(params);
    const where = criteria.map((c) => `(${recordCondition(c, param)})`).join(' and ');
    params.push(count, offset);
    const rows: { total: string; ids: string[] }[] = await manager.query(
      `with hits as (
         select distinct l.person_id from source_record r
           join record_link l on l.record_id = r.id
           join person p on p.id = l.person_id and p.status = 'active'
          where ${where || 'true'})
       select (select count(*) from hits) as total,
              array(select person_id from hits order by person_id limit $${params.length - 1} offset $${params.length}) as ids`,
      params,
    );
    return { ids: rows[0]?.ids ?? [], total: Number(rows[0]?.total ?? 0) };
  }

  /** Records meeting one criterion (identifier and record-key lookups), at most `limit`, by id. */
  async recordsMeeting(
    manager: EntityManager,
    criterion: RecordCriterion,
    limit: number,
  ): Promise<RecordRow[]> {
    const params: unknown[] = [];
    const where = recordCondition(criterion, positional(params));
    params.push(limit);
    return manager.query(
      `select ${RECORD_COLUMNS} from source_record r left join record_link l on l.record_id = r.id where ${where} order by r.id limit $${params.length}`,
      params,
    );
  }

  /**
   * The records of these keys (recordsMeeting's `recordKeys`) as a part of a caller's
   * statement, read with its other parts in one round trip; its rows: recordRowsOfJson.
   */
  recordsByKeysPart(keys: readonly RecordKey[]): StatementPart {
    return {
      ctes: (p) => `stored_records as (
    select ${RECORD_COLUMNS} from source_record r left join record_link l on l.record_id = r.id
     where ${recordCondition({ kind: 'recordKeys', keys }, p)}
     order by r.id
  )`,
      returns: 'stored_records',
    };
  }

  async sourceExists(manager: EntityManager, source: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `select 1 from source_record where source = $1 limit 1`,
      [source],
    );
    return rows.length > 0;
  }

  async otherSystemExists(manager: EntityManager, system: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `select 1 from source_record r where searchable_other_identifiers(r.features) @> $1::jsonb limit 1`,
      [JSON.stringify([{ system }])],
    );
    return rows.length > 0;
  }

  /** Follows merged_into to the person that now holds the records (a merge chain is short). */
  async survivorOf(manager: EntityManager, id: string): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `with recursive chain(id, merged_into, depth) as (
         select id, merged_into, 0 from person where id = $1
         union all
         select p.id, p.merged_into, c.depth + 1 from person p join chain c on p.id = c.merged_into where c.depth < 20)
       select id from chain where merged_into is null order by depth desc limit 1`,
      [id],
    );
    return rows[0]?.id ?? null;
  }
}

/**
 * The golden record is inflated when first read, not here: $match reads every candidate's
 * person and releases only those it selects (ten at most), and an inflate costs more than the
 * rest of the row's decoding.
 */
function personOfRow({ golden, packed, ...row }: StoredPersonRow): PersonRow {
  let decoded: PersonRow['golden'] | undefined;
  return {
    ...row,
    get golden() {
      decoded ??= unpackGolden(packed, golden);
      return decoded;
    },
  };
}

function personOfJson({ records, updated_at, packed, ...person }: PersonJson): PersonWithRecords {
  return {
    person: personOfRow({
      ...person,
      packed: packed === null ? null : Buffer.from(packed, 'base64'),
      updated_at: new Date(updated_at),
    }),
    records: records.map(recordOfJson),
  };
}

/** The rows of recordsByKeysPart. */
export function recordRowsOfJson(rows: readonly unknown[]): RecordRow[] {
  return (rows as RecordJson[]).map(recordOfJson);
}

function recordOfJson(r: RecordJson): RecordRow {
  return {
    ...r,
    changed_at: new Date(r.changed_at),
    event_at: r.event_at === null ? null : new Date(r.event_at),
  };
}

/** The JSON path of each tokenized field in `source_record.features`. */
const TOKEN_COLUMN: Record<TokenField, string> = {
  ssn: `r.features->'ssn'->>'token'`,
  phone: `r.features->'phone'->>'token'`,
  email: `r.features->'email'->>'token'`,
};

/** The folded demographic values in `source_record.demographics`. */
const DEMOGRAPHIC_COLUMN: Record<DemographicText, string> = {
  familyName: `r.demographics->>'familyName'`,
  givenName: `r.demographics->>'givenName'`,
  middleName: `r.demographics->>'middleName'`,
  postalCode: `r.demographics->>'postalCode'`,
};

const BIRTH_DATE = `r.demographics->>'birthDate'`;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Appends parameter values to `params`, each named by its position. */
function positional(params: unknown[]): Param {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}

/**
 * A criterion as a condition on a source record row `r` (and its link `l`), its values
 * registered by `param`: no value is ever written into the SQL text.
 */
function recordCondition(criterion: RecordCriterion, param: Param): string {
  switch (criterion.kind) {
    case 'nothing':
      return 'false';
    case 'linkedTo':
      return `l.person_id = ${param(criterion.personId)}::uuid`;
    case 'recordKey':
      return `r.source = ${param(criterion.source)} and r.source_id_token = ${param(criterion.sourceIdToken)}`;
    case 'recordKeys':
      return `(r.source, r.source_id_token) in (select * from unnest(${param(
        criterion.keys.map((k) => k.source),
      )}::text[], ${param(criterion.keys.map((k) => k.sourceIdToken))}::text[]))`;
    case 'fieldToken':
      return `${TOKEN_COLUMN[criterion.field]} = ${param(criterion.token)}`;
    case 'otherIdentifier':
      return `searchable_other_identifiers(r.features) @> ${param(
        JSON.stringify([{ system: criterion.system, token: criterion.token }]),
      )}::jsonb`;
    case 'demographicText': {
      const column = DEMOGRAPHIC_COLUMN[criterion.field];
      return criterion.exact
        ? `${column} = ${param(criterion.value)}`
        : `${column} like ${param(`${escapeLike(criterion.value)}%`)}`;
    }
    case 'sex':
      return `r.demographics->>'sex' = ${param(criterion.sex)}`;
    case 'birthDate': {
      const c = criterion.comparison;
      switch (c.op) {
        case 'between':
          return `${BIRTH_DATE} between ${param(c.low)} and ${param(c.high)}`;
        case 'outside':
          return `(${BIRTH_DATE} < ${param(c.low)} or ${BIRTH_DATE} > ${param(c.high)})`;
        default:
          return `${BIRTH_DATE} ${c.op} ${param(c.value)}`;
      }
    }
    case 'anyOf':
      return criterion.criteria.length === 0
        ? 'false'
        : criterion.criteria.map((c) => `(${recordCondition(c, param)})`).join(' or ');
  }
}
