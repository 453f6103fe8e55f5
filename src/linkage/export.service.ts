import { Injectable } from '@nestjs/common';
import { csvExportLine } from '../common/csv';
import { CIPHER_CONTEXT, TokenService } from '../tokens/token.service';
import { ExportRepository } from './export.repository';

const PAGE = 5000;

/** CSV exports of docs/interfaces.md section 3, paged by key so memory stays flat. */
@Injectable()
export class ExportService {
  constructor(
    private readonly exports: ExportRepository,
    private readonly tokens: TokenService,
  ) {}

  async *links(): AsyncIterable<string> {
    yield csvExportLine(['source', 'source_id', 'person_id', 'link_kind', 'probability']);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.exports.linksAfter(after, PAGE);
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
      const rows = await this.exports.openReviewsAfter(after, PAGE);
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
