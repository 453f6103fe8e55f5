import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { csvExportLine } from '../common/csv';
import { CIPHER_CONTEXT, TokenService } from '../tokens/token.service';

const PAGE = 5000;

/** CSV exports of CONTRACT.md section 3, paged by key so memory stays flat. */
@Injectable()
export class ExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
  ) {}

  async *links(): AsyncIterable<string> {
    yield csvExportLine(['source', 'source_id', 'person_id', 'link_kind', 'probability']);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: {
        id: string;
        source: string;
        source_id_token: string;
        source_id_enc: string;
        person_id: string;
        kind: string;
        probability: number | null;
      }[] = await this.dataSource.query(
        `select r.id, r.source, r.source_id_token, r.source_id_enc, l.person_id, l.kind, l.probability
             from source_record r join record_link l on l.record_id = r.id
            where r.id > $1 order by r.id limit $2`,
        [after, PAGE],
      );
      for (const r of rows) {
        yield csvExportLine([
          r.source,
          this.tokens.decrypt(r.source_id_enc, CIPHER_CONTEXT.sourceId, r.source_id_token),
          r.person_id,
          r.kind,
          r.probability === null ? '' : round(r.probability),
        ]);
      }
      const last = rows.at(-1);
      if (!last) return;
      after = last.id;
    }
  }

  /**
   * Open review tasks in the contract's columns; `withReasons` appends `reason_code` (why the
   * task was opened), which the contract's fixed header leaves out unless asked for.
   */
  async *reviews(withReasons = false): AsyncIterable<string> {
    const header = ['task_id', 'kind', 'source', 'source_id', 'candidate_person_id', 'probability'];
    yield csvExportLine(withReasons ? [...header, 'reason_code'] : header);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: {
        id: string;
        kind: string;
        source: string | null;
        source_id_token: string | null;
        source_id_enc: string | null;
        candidate_person_id: string | null;
        probability: number | null;
        reason_code: string;
      }[] = await this.dataSource.query(
        `select t.id, t.kind, r.source, r.source_id_token, r.source_id_enc, t.candidate_person_id, t.probability, t.reason_code
             from review_task t left join source_record r on r.id = t.record_id
            where t.status = 'open' and t.id > $1 order by t.id limit $2`,
        [after, PAGE],
      );
      for (const r of rows) {
        const sourceId =
          r.source_id_enc && r.source_id_token
            ? this.tokens.decrypt(r.source_id_enc, CIPHER_CONTEXT.sourceId, r.source_id_token)
            : '';
        yield csvExportLine([
          r.id,
          r.kind,
          r.source,
          sourceId,
          r.candidate_person_id,
          r.probability === null ? '' : round(r.probability),
          ...(withReasons ? [r.reason_code] : []),
        ]);
      }
      const last = rows.at(-1);
      if (!last) return;
      after = last.id;
    }
  }
}

function round(p: number): string {
  return p.toFixed(6);
}
