import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { StoredFeatures, decodeFeatures } from '../database/stored-features';
import { MatchFeatures } from '../matching/record-types';

/** A linked record a query met in its blocks, with what the comparisons need. */
export interface Candidate {
  recordId: string;
  personId: string;
  features: MatchFeatures;
}

export interface CandidateSet {
  candidates: Candidate[];
  /** True when some blocking key held more records than the cap: retrieval was cut short. */
  truncated: boolean;
}

/**
 * The candidates of a query's blocking keys ($1), as the CTE `candidates`: per key at most $2
 * records, its earliest (lowest record numbers: the primary key's order); `hits` tells whether
 * a key's block was larger (cut short). A candidate is read by its number, once however many
 * keys found it. The lateral lookups keep
 * the plan on index scans whatever the row estimates say. Records come with the person they
 * are linked to, which is always an active one: a merge moves the loser's links to the
 * survivor and a person without links is emptied, so a $match never meets a merged-away
 * person here (and the golden read keeps active persons only, again). Shared with the $match
 * statement that also reads the candidates' golden records (FhirPatientRepository).
 */
export const CANDIDATES_CTE = `
  with hits as (
    select b.record_no, count(*) over (partition by k.key) as n
      from unnest($1::bigint[]) as k(key)
      cross join lateral (select b.record_no from record_block_key b where b.key = k.key limit $2) b
  ), nos as (
    select record_no, max(n)::int as hits from hits group by record_no
  ), candidates as (
    select r.id, l.person_id, r.features, nos.hits
      from nos
      cross join lateral (select x.id, x.features from source_record x where x.record_no = nos.record_no offset 0) r
      cross join lateral (select y.person_id from record_link y where y.record_id = r.id offset 0) l
  )`;

const CANDIDATE_SQL = `${CANDIDATES_CTE} select id, person_id, features, hits from candidates`;

/** A row of `candidates` (CANDIDATES_CTE). */
export interface CandidateRow {
  id: string;
  person_id: string;
  features: StoredFeatures;
  hits: number;
}

/** The parameters of CANDIDATES_CTE: one more than the cap per key, to see a block cut short. */
export function candidateParameters(keys: readonly string[], capPerKey: number): unknown[] {
  return [keys, capPerKey + 1];
}

/** Candidate rows as the scorer takes them. */
export function candidateSet(rows: readonly CandidateRow[], capPerKey: number): CandidateSet {
  return {
    candidates: rows.map((r) => ({
      recordId: r.id,
      personId: r.person_id,
      features: decodeFeatures(r.features),
    })),
    truncated: rows.some((r) => r.hits > capPerKey),
  };
}

/**
 * The candidate pairs (query_id, candidate_id) of link_state, each key's block capped, as each
 * record's candidate ids, in the order they came.
 */
export function pairsOf(rows: readonly unknown[]): Map<string, string[]> {
  const pairs = new Map<string, string[]>();
  for (const row of rows as { query_id: string; candidate_id: string }[]) {
    const list = pairs.get(row.query_id) ?? [];
    list.push(row.candidate_id);
    pairs.set(row.query_id, list);
  }
  return pairs;
}

/**
 * Candidate retrieval: one indexed query over the blocking-key table, each key capped so
 * that one overly common key cannot flood the scorer. Returns only linked records, with
 * just the columns the comparisons need. A batch's candidate pairs are read with the rest of
 * its linkage state (link_state, LinkageService).
 */
@Injectable()
export class CandidateRepository {
  /** The linked records of a query's blocks ($match), each key's block capped. */
  async findByBlockingKeys(
    manager: EntityManager,
    keys: string[],
    capPerKey: number,
  ): Promise<CandidateSet> {
    if (keys.length === 0) return { candidates: [], truncated: false };
    const rows = await preparedQuery<CandidateRow>(
      manager,
      'mpi_candidates_v5',
      CANDIDATE_SQL,
      candidateParameters(keys, capPerKey),
    );
    return candidateSet(rows, capPerKey);
  }
}
