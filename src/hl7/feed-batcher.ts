import { Principal } from '../auth/principal';
import { IngestRecord } from '../formats/ingest-record';
import { IngestOutcome } from '../records/prepared-record';
import { IngestService } from '../records/ingest.service';
import { RecordChanges } from './pid-record';
import { applyChanges } from './record-changes';
import { StoredRecords, keyOf } from './stored-records';

/** One feed message's update of one source record, as the batcher takes it. */
export interface FeedUpdate {
  key: { source: string; sourceId: string };
  changes: RecordChanges;
  eventAt?: string;
  actor: Principal;
}

interface Pending extends FeedUpdate {
  resolve: (outcome: IngestOutcome | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for feed messages. Each connection sends one message at a time, but several
 * connections send at once: the updates that arrive while one round is written are written
 * together in the next, each message waiting for its own record's commit before its ACK.
 *
 * HL7 updates are partial (a field left out keeps its stored value), so each is applied to
 * the record as stored when its round starts (rounds run one after another here), and two
 * updates of one record in a round are applied one after the other: neither is lost, whatever
 * connections they came on. One ingest call per sender in a round (its audit entry names one
 * actor).
 */
export class FeedBatcher {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly ingest: IngestService,
    private readonly stored: StoredRecords,
  ) {}

  store(update: FeedUpdate): Promise<IngestOutcome | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...update, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const round = this.queue;
      this.queue = [];
      for (const group of bySender(round)) await this.write(group);
    }
    this.flushing = false;
  }

  /** One sender's updates of a round: read as stored, changed in order, ingested together. */
  private async write(group: Pending[]): Promise<void> {
    try {
      const stored = await this.stored.canonicalRecords(group.map((p) => p.key));
      const latest = new Map<string, IngestRecord>();
      for (const p of group) {
        const key = keyOf(p.key.source, p.key.sourceId);
        const record = applyChanges(latest.get(key) ?? stored.get(key) ?? null, p.key, p.changes);
        latest.set(key, p.eventAt === undefined ? record : { ...record, eventAt: p.eventAt });
      }
      const keys = [...latest.keys()];
      const summary = await this.ingest.ingest([...latest.values()], group[0]?.actor as Principal);
      for (const p of group) {
        const index = keys.indexOf(keyOf(p.key.source, p.key.sourceId));
        p.resolve(summary.outcomes.find((o) => o.index === index));
      }
    } catch (error) {
      for (const p of group) p.reject(error);
    }
  }
}

/** A round's updates by sender, each sender's in arrival order. */
function bySender(round: Pending[]): Pending[][] {
  const groups = new Map<string, Pending[]>();
  for (const p of round) {
    const group = groups.get(p.actor.subject);
    if (group) group.push(p);
    else groups.set(p.actor.subject, [p]);
  }
  return [...groups.values()];
}
