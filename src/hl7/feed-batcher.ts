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
}

/** A message on its way to the batcher; done when it is queued, or when it turns back. */
export interface Arrival {
  done(): void;
}

/**
 * Longest an idle batcher waits for announced messages still on their way (their own reads)
 * before it starts a round; they usually come within a millisecond and end the wait.
 */
const LINGER_MS = 20;

interface Pending extends FeedUpdate {
  resolve: (outcome: IngestOutcome | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for feed messages. Each connection sends one message at a time (original
 * mode), but several connections send at once: the updates that arrive while one round is
 * written are written together in the next, one ingest call (one transaction) for all of
 * them, whoever sent them. Each message still waits for its round's commit before its ACK.
 * A round's cost is mostly round trips to the database, whatever its size, so grouping is
 * what lets throughput grow with the number of connections.
 *
 * The ingest runs as `actor`, the feed listener; each message's own sender is audited with
 * the record it changed by the caller (AdtFeedService).
 *
 * HL7 updates are partial (a field left out keeps its stored value), so each is applied to
 * the record as stored when its round starts (rounds run one after another), and two updates
 * of one record in a round are applied one after the other: neither is lost, whatever
 * connections they came on.
 */
export class FeedBatcher {
  private queue: Pending[] = [];
  private flushing = false;
  /** Messages announced and not yet queued (or turned back). */
  private coming = 0;
  private linger: NodeJS.Timeout | null = null;

  constructor(
    private readonly ingest: IngestService,
    private readonly stored: StoredRecords,
    private readonly actor: Principal,
  ) {}

  /**
   * A message that will likely bring an update soon (it is reading its delivery-safety row):
   * a round about to start on an idle batcher waits for it (at most LINGER_MS), so that
   * messages arriving together on several connections share the round instead of splitting
   * into two. A round that follows a commit does not wait: its messages already waited for
   * the round before, and a message still coming goes in the next round.
   */
  expect(): Arrival {
    this.coming += 1;
    let pending = true;
    return {
      done: () => {
        if (!pending) return;
        pending = false;
        this.coming -= 1;
        this.startRound();
      },
    };
  }

  store(update: FeedUpdate, arrival?: Arrival): Promise<IngestOutcome | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...update, resolve, reject });
      if (arrival) arrival.done();
      else this.startRound();
    });
  }

  /** Starts a round when updates wait and none is under way, unless more are coming. */
  private startRound(force = false): void {
    if (this.flushing || this.queue.length === 0) return;
    if (this.coming > 0 && !force) {
      this.linger ??= setTimeout(() => this.startRound(true), LINGER_MS);
      return;
    }
    if (this.linger) clearTimeout(this.linger);
    this.linger = null;
    void this.flush();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    const round = this.queue;
    this.queue = [];
    await this.write(round);
    this.flushing = false;
    // Messages that queued during the round start the next one at once (see expect()).
    this.startRound(true);
  }

  /** A round's updates: read as stored, changed in arrival order, ingested together. */
  private async write(round: Pending[]): Promise<void> {
    try {
      const stored = await this.stored.canonicalRecords(round.map((p) => p.key));
      const latest = new Map<string, IngestRecord>();
      for (const p of round) {
        const key = pendingKey(p);
        const record = applyChanges(latest.get(key) ?? stored.get(key) ?? null, p.key, p.changes);
        latest.set(key, p.eventAt === undefined ? record : { ...record, eventAt: p.eventAt });
      }
      const keys = [...latest.keys()];
      const summary = await this.ingest.ingest([...latest.values()], this.actor);
      for (const p of round) {
        const index = keys.indexOf(pendingKey(p));
        p.resolve(summary.outcomes.find((o) => o.index === index));
      }
    } catch (error) {
      for (const p of round) p.reject(error);
    }
  }
}

const pendingKey = (p: Pending): string => keyOf(p.key.source, p.key.sourceId);
