import { LinkWrites, emptyLinkWrites } from '../../linkage/batch-linker';
import { Contributor } from '../../linkage/golden-record';
import { PreparedRecord } from '../prepared-record';
import { NewRecord } from './bulk-store';

/** One batch's audit event: the records it wrote and the persons they went to. */
export interface AuditedBatch {
  recordIds: string[];
  personIds: string[];
  created: number;
  unchanged: number;
}

/** What one transaction of a bulk load writes, gathered while its batches are linked. */
export class Chunk {
  readonly records: NewRecord[] = [];
  readonly writes: LinkWrites = emptyLinkWrites();
  readonly audited: AuditedBatch[] = [];
  /** The new persons' records, for their first golden records (see newPersonMembers). */
  members: Map<string, Contributor[]> = new Map();
  /** The run's position once this chunk is committed. */
  position = { rowsDone: 0, pendingLines: [] as number[] };
  private readonly eventTimes = new Map<string, string>();
  private readonly writtenAt = Date.now();
  private readonly changedAt = new Date(this.writtenAt).toISOString();

  add(records: readonly NewRecord[]): void {
    for (const r of records) {
      this.eventTimes.set(r.id, r.record.eventAt ?? this.writeTime(this.records.length));
      this.records.push(r);
    }
  }

  prepared(): PreparedRecord[] {
    return this.records.map((r) => r.record);
  }

  /** The source's event time, else the moment its row is written (see writeTime). */
  eventAt(r: NewRecord): string {
    return this.eventTimes.get(r.id) ?? this.changedAt;
  }

  contributor(r: NewRecord): Contributor {
    return {
      recordId: r.id,
      source: r.record.source,
      changedAt: this.changedAt,
      eventAt: this.eventAt(r),
      demographics: r.record.demographics,
    };
  }

  /**
   * Rows a microsecond apart in file order, as the live upsert's clock_timestamp() keeps them:
   * survivorship's "newest registration" is then the file's last, as it is on the live path.
   */
  private writeTime(offset: number): string {
    const at = new Date(this.writtenAt + Math.floor(offset / 1000)).toISOString();
    return `${at.slice(0, 23)}${String(offset % 1000).padStart(3, '0')}Z`;
  }
}
