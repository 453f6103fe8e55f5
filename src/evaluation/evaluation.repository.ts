import { Injectable } from '@nestjs/common';
import { StoredFeatures, decodeFeatures } from '../database/stored-features';
import { DataSource } from 'typeorm';
import { ReviewTaskView } from '../matching/evaluate/review-task-metrics';
import { MatchFeatures } from '../matching/record-types';
import { GoldenRecord } from '../linkage/golden-record';
import { StoredGolden, unpackGolden } from '../linkage/stored-golden';

export interface LinkedRecord {
  id: string;
  source: string;
  person_id: string;
  features: MatchFeatures;
}

/**
 * What an evaluation reads of its scratch store, and the one write it makes (forgetting every
 * link before linking again under a trained model). Never pointed at a live store.
 */
@Injectable()
export class EvaluationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every record with its person and features, in arrival order. */
  async linkedRecords(): Promise<LinkedRecord[]> {
    const rows: (Omit<LinkedRecord, 'features'> & { features: StoredFeatures })[] =
      await this.dataSource.query(
        `select r.id, r.source, l.person_id, r.features
           from source_record r join record_link l on l.record_id = r.id
          order by r.received_at, r.id`,
      );
    return rows.map((r) => ({ ...r, features: decodeFeatures(r.features) }));
  }

  async goldens(): Promise<{ golden: GoldenRecord; recordIds: string[] }[]> {
    const rows: { golden: StoredGolden | null; packed: Buffer | null; record_ids: string[] }[] =
      await this.dataSource.query(
        `select p.golden, p.packed, array_agg(l.record_id::text) as record_ids
           from person p join record_link l on l.person_id = p.id group by p.id`,
      );
    return rows.map((r) => ({ golden: unpackGolden(r.packed, r.golden), recordIds: r.record_ids }));
  }

  /** Open tasks: the record or person proposed, the candidate, and why. */
  async openReviewTasks(): Promise<ReviewTaskView[]> {
    const rows: {
      record_id: string | null;
      person_id: string | null;
      candidate: string | null;
      reason: string;
    }[] = await this.dataSource.query(
      `select record_id, person_id, candidate_person_id as candidate, reason_code as reason
         from review_task where status = 'open'`,
    );
    return rows.map((r) => ({
      recordId: r.record_id,
      personId: r.person_id,
      candidatePersonId: r.candidate,
      reason: r.reason,
    }));
  }

  async allFeatures(): Promise<MatchFeatures[]> {
    const rows: { features: StoredFeatures }[] = await this.dataSource.query(
      `select features from source_record order by id`,
    );
    return rows.map((r) => decodeFeatures(r.features));
  }

  /** Drops every person, link, task and event: the scratch store keeps only its records. */
  async forgetLinks(): Promise<void> {
    await this.dataSource.query(
      `truncate record_link, review_task, hard_no, link_event, person_version, person cascade`,
    );
  }

  async recordIdsInArrivalOrder(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `select id from source_record order by received_at, id`,
    );
    return rows.map((r) => r.id);
  }
}
