import { Principal } from '../auth/principal';
import { CanonicalRecord } from '../matching/record-types';
import { IngestOutcome } from '../records/prepared-record';
import { IngestService } from '../records/ingest.service';

interface Pending {
  record: CanonicalRecord;
  actor: Principal;
  resolve: (outcome: IngestOutcome | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for feed messages. Each connection sends one message at a time, but several
 * connections send at once: the records that arrive while one ingest transaction commits are
 * written together in the next, one sender at a time (the audit entry names one actor). Each
 * message still waits for its own record's commit before its ACK goes out.
 */
export class FeedBatcher {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly ingest: IngestService) {}

  store(record: CanonicalRecord, actor: Principal): Promise<IngestOutcome | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, actor, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const actor = this.queue[0]?.actor.subject;
      const batch = this.queue.filter((p) => p.actor.subject === actor);
      this.queue = this.queue.filter((p) => p.actor.subject !== actor);
      try {
        const summary = await this.ingest.ingest(
          batch.map((p) => p.record),
          batch[0]?.actor as Principal,
        );
        batch.forEach((p, i) => p.resolve(summary.outcomes.find((o) => o.index === i)));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.flushing = false;
  }
}
