import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface LinkExportRow {
  id: string;
  source: string;
  source_id_token: string;
  source_id_enc: string;
  person_id: string;
  kind: string;
  probability: number | null;
}

export interface ReviewExportRow {
  id: string;
  kind: string;
  source: string | null;
  source_id_token: string | null;
  source_id_enc: string | null;
  candidate_person_id: string | null;
  probability: number | null;
  reason_code: string;
}

/** The exports' reads: pages keyed by id, so memory stays flat however large the store. */
@Injectable()
export class ExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  linksAfter(afterId: string, limit: number): Promise<LinkExportRow[]> {
    return this.dataSource.query(
      `select r.id, r.source, r.source_id_token, r.source_id_enc, l.person_id, l.kind, l.probability
         from source_record r join record_link l on l.record_id = r.id
        where r.id > $1 order by r.id limit $2`,
      [afterId, limit],
    );
  }

  openReviewsAfter(afterId: string, limit: number): Promise<ReviewExportRow[]> {
    return this.dataSource.query(
      `select t.id, t.kind, r.source, r.source_id_token, r.source_id_enc, t.candidate_person_id,
              t.probability, t.reason_code
         from review_task t left join source_record r on r.id = t.record_id
        where t.status = 'open' and t.id > $1 order by t.id limit $2`,
      [afterId, limit],
    );
  }
}
