import * as fs from 'node:fs';
import { Injectable } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { CanonicalRecord } from '../matching/record-types';
import { IngestService } from './ingest.service';
import { FileRow, ReadOptions, readRecordFile } from './record-file-reader';

export interface ImportSummary {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  linkedAutomatically: number;
  sentToReview: number;
  rejected: number;
  rejections: { line: number; field: string; reason: string }[];
}

export interface ImportHooks {
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Called with each stored record's line, record id and extra columns (eval uses it). */
  onStored?: (line: number, recordId: string, extra: Record<string, string>) => void;
}

/** Streams a file through the same ingest as live traffic, in batches of one transaction each. */
@Injectable()
export class RecordImporter {
  constructor(private readonly ingest: IngestService) {}

  async importFile(
    file: string,
    actor: Principal,
    batchSize: number,
    options: ReadOptions = {},
    hooks: ImportHooks = {},
  ): Promise<ImportSummary> {
    const summary: ImportSummary = {
      read: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      linkedAutomatically: 0,
      sentToReview: 0,
      rejected: 0,
      rejections: [],
    };
    const total = fs.statSync(file).size;
    let batch: Extract<FileRow, { record: CanonicalRecord }>[] = [];
    let approxBytes = 0;
    for await (const row of readRecordFile(file, options)) {
      summary.read += 1;
      if ('errors' in row) {
        this.reject(summary, row.line, row.errors);
        continue;
      }
      batch.push(row);
      approxBytes += JSON.stringify(row.record).length;
      if (batch.length >= batchSize) {
        await this.flush(batch, actor, summary, hooks);
        batch = [];
        hooks.onProgress?.(Math.min(approxBytes, total), total);
      }
    }
    if (batch.length > 0) await this.flush(batch, actor, summary, hooks);
    hooks.onProgress?.(total, total);
    summary.rejections.sort((a, b) => a.line - b.line);
    return summary;
  }

  private async flush(
    rows: Extract<FileRow, { record: CanonicalRecord }>[],
    actor: Principal,
    summary: ImportSummary,
    hooks: ImportHooks,
  ): Promise<void> {
    const { outcomes } = await this.ingest.ingest(
      rows.map((r) => r.record),
      actor,
    );
    outcomes.forEach((outcome) => {
      const row = rows[outcome.index];
      if (!row) return;
      if (outcome.status === 'rejected') {
        this.reject(summary, row.line, outcome.errors ?? []);
        return;
      }
      summary[outcome.status] += 1;
      if (outcome.link === 'auto') summary.linkedAutomatically += 1;
      summary.sentToReview += outcome.reviews ?? 0;
      if (outcome.recordId) hooks.onStored?.(row.line, outcome.recordId, row.extra);
    });
  }

  private reject(
    summary: ImportSummary,
    line: number,
    errors: { field: string; reason: string }[],
  ): void {
    summary.rejected += 1;
    for (const e of errors) summary.rejections.push({ line, field: e.field, reason: e.reason });
  }
}
