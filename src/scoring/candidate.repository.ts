import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MatchFeatures } from '../matching/record-types';

export interface Candidate {
  recordId: string;
  source: string;
  personId: string;
  linkKind: 'auto' | 'manual';
  features: MatchFeatures;
}

export interface CandidateSet {
  candidates: Candidate[];
  /** True when some blocking key held more records than the cap: retrieval was cut short. */
  truncated: boolean;
}

/**
 * Candidate retrieval: one indexed query over the blocking-key table, each key capped so
 * that one overly common key cannot flood the scorer. Returns only linked records, with
 * just the columns the comparisons need.
 */
@Injectable()
export class CandidateRepository {
  async findByBlockingKeys(
    manager: EntityManager,
    keys: string[],
    excludeRecordId: string | null,
    capPerKey: number,
  ): Promise<CandidateSet> {
    if (keys.length === 0) return { candidates: [], truncated: false };
    const rows: { id: string; source: string; person_id: string; kind: 'auto' | 'manual'; features: MatchFeatures; hits: number }[] =
      await manager.query(
        `with hits as (
           select s.record_id, count(*) over (partition by k.key) as n
             from unnest($1::text[]) as k(key)
             cross join lateral (
               select b.record_id from record_block_key b where b.key = k.key limit $3
             ) s
         ), ids as (
           select record_id, max(n)::int as hits from hits group by record_id
         )
         select r.id, r.source, l.person_id, l.kind, r.features, ids.hits
           from ids
           join source_record r on r.id = ids.record_id
           join record_link l on l.record_id = r.id
          where $2::uuid is null or r.id <> $2::uuid`,
        [keys, excludeRecordId, capPerKey + 1],
      );
    const truncated = rows.some((r) => r.hits > capPerKey);
    return {
      candidates: rows.map((r) => ({
        recordId: r.id,
        source: r.source,
        personId: r.person_id,
        linkKind: r.kind,
        features: r.features,
      })),
      truncated,
    };
  }
}
