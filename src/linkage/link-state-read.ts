import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';

/**
 * The linker's state for a run of records, as the SQL function link_state returns it
 * (migration 1767400100000): each part's rows. Read on its own for records written before,
 * or by lock_and_write_records after a round's write, in the same call.
 */
export interface LinkStateRows {
  /** Candidate pairs: pairsOf. */
  pairs: readonly unknown[];
  /** The candidates' match view and the records' persons: matchViewRows, personRecordCounts. */
  view: readonly unknown[];
  /** Steward "not a match" pairs touching the records: HardNoPairs.add. */
  hardNo: readonly unknown[];
  /** The counts of the records' names: nameCounts. */
  names: readonly unknown[];
}

/** What link_state needs of each record before its write: its lookup keys, and the caps. */
export interface LinkStateRequest {
  /** Each record's lookup keys (PairScorer.lookupKeys), in the records' order. */
  lookups: readonly (readonly string[])[];
  capPerKey: number;
  /** Up to this many records, the candidates' persons' record counts are read too. */
  smallRound: number;
}

/** link_state's rows: its parts in one row each (`part`, `rows`), as statement parts return them. */
export interface LinkStatePartRow {
  part: number;
  rows: unknown[] | null;
}

/** The parts of link_state's rows (parts 1 to 4; any other is the caller's). */
export function linkStateOf(rows: readonly LinkStatePartRow[]): LinkStateRows {
  const byPart = new Map(rows.map((r) => [r.part, r.rows ?? []]));
  return {
    pairs: byPart.get(1) ?? [],
    view: byPart.get(2) ?? [],
    hardNo: byPart.get(3) ?? [],
    names: byPart.get(4) ?? [],
  };
}

/** One string of decimal keys for a record, as link_state splits them. */
export const lookupList = (keys: readonly string[]): string => keys.join(',');

/**
 * The state of records written before (a relink, an evaluation): their ids, lookup keys and
 * current persons, the names whose counts to read.
 */
export async function readLinkState(
  manager: EntityManager,
  query: {
    ids: readonly string[];
    request: LinkStateRequest;
    persons: readonly string[];
    names: { given: readonly string[]; family: readonly string[] };
  },
): Promise<LinkStateRows> {
  const { ids, request, persons, names } = query;
  // Prepared: one text for every run, planned once per connection instead of each time.
  const rows = await preparedQuery<LinkStatePartRow>(
    manager,
    'mpi_link_state_v1',
    `select part, rows from link_state($1::uuid[], $2::text[], $3::uuid[], $4::int, $5::boolean, $6::text[], $7::text[])`,
    [
      ids,
      request.lookups.map(lookupList),
      persons,
      request.capPerKey,
      ids.length <= request.smallRound,
      [...new Set(names.given)],
      [...new Set(names.family)],
    ],
  );
  return linkStateOf(rows);
}
