import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { AuditActor, AuditEntry } from '../common/audit-sink';
import { IngestRecord } from '../formats/ingest-record';
import { IngestOutcome, PreparedRecord } from '../records/prepared-record';
import { IngestService } from '../records/ingest.service';
import { RoundAddendum } from '../records/round-addendum';
import { EarlyTransaction } from '../database/early-transaction';
import { Delivered, Delivery, DeliveryRace } from './feed-delivery';
import { Hl7InboundRepository, InboundRow, storedAcksOf } from './hl7-inbound.repository';
import { runParts } from '../database/statement-parts';
import { RecordChanges } from './pid-record';
import { applyChanges } from './record-changes';
import { StoredRecords, keyOf } from './stored-records';

/** One feed message's update of one source record, as the batcher takes it. */
export interface FeedUpdate {
  key: { source: string; sourceId: string };
  changes: RecordChanges;
  eventAt?: string;
}

interface Pending {
  update: FeedUpdate;
  /** Null for an update that carries no ACK of its own (A40's surviving record). */
  delivery: Delivery | null;
  /** Its record's outcome (none when its control id was seen), and its delivery's. */
  settle: (outcome: IngestOutcome | undefined, delivered: Delivered | null) => void;
  reject: (error: unknown) => void;
}

/** A round read and prepared, ready to write once the round before it has committed. */
interface Prepared {
  /** Its messages whose control ids were not seen before, in arrival order. */
  fresh: Pending[];
  records: PreparedRecord[];
  rejected: IngestOutcome[];
  /** Each record's index in the round (its outcome's), by its key. */
  indexOf: Map<string, number>;
}

/** A round taking messages, read in batches: those that came in one turn of the event loop, together. */
interface Assembling {
  reads: Promise<Prepared | null>[];
  members: Pending[];
  /** The members' control ids (deliveryKey): one message per control id in a round. */
  ids: Set<string>;
  /** Members not read yet: their read is scheduled. */
  unread: Pending[];
  scheduled: boolean;
}

/** How often a round whose control id another transaction stored meanwhile is read again. */
const RACE_ATTEMPTS = 3;

/**
 * Group commit for feed messages. Each connection sends one message at a time (original
 * mode), but several connections send at once: the updates that arrive while one round is
 * written are written together in the next, one ingest transaction for all of them, whoever
 * sent them. A round's messages' control ids and ACKs ride on that transaction: their stored
 * ACKs are read with the round's stored records, and the ACKs with each message's audit entry
 * go in the round's last statement (RoundAddendum), so a message costs no round trip of its
 * own and its ACK is stored exactly when its record is. Each message still waits for its
 * round's commit before its ACK.
 *
 * Pipelined: a message is read as it arrives (its record as stored and its control id, with
 * the others arriving then) and prepared (normalized), into the round being assembled; that
 * round is written as soon as the round before has committed and its reads are in, so a
 * round's reads never wait for a commit and a commit never waits for reads. Nothing waits for
 * messages that have not arrived. A message whose record or control id is in the round being
 * written waits for that round, so it reads what the round committed.
 *
 * The ingest runs as `actor`, the feed listener; each message's own sender is audited with
 * the record it changed (its Delivery's entry).
 *
 * HL7 updates are partial (a field left out keeps its stored value), so each is applied to
 * the record as stored when its round is read (no round reads a record that the round being
 * written holds), and two updates of one record in a round are applied one after the other:
 * neither is lost, whatever connections they came on.
 */
export class FeedBatcher {
  private queue: Pending[] = [];
  /** The round taking messages until the one before has committed (at most one at a time). */
  private assembling: Assembling | null = null;
  /** The round being written, settled once it has committed or failed. */
  private writing: Promise<void> = Promise.resolve();
  /** The record keys and control ids of the round being written. */
  private inFlight = new Set<string>();

  constructor(
    private readonly ingest: IngestService,
    private readonly stored: StoredRecords,
    private readonly inbound: Hl7InboundRepository,
    private readonly dataSource: DataSource,
    private readonly actor: Principal,
  ) {}

  /** An update with its delivery: its ACK stored with its record, or the one seen before. */
  store(update: FeedUpdate, delivery: Delivery): Promise<Delivered> {
    return new Promise((resolve, reject) => {
      const settle = (_: unknown, delivered: Delivered | null): void =>
        delivered ? resolve(delivered) : reject(new Error('a delivery was not settled'));
      this.enqueue({ update, delivery, settle, reject });
    });
  }

  /** An update without a delivery of its own: its record's outcome. */
  storeAlone(update: FeedUpdate): Promise<IngestOutcome | undefined> {
    return new Promise((resolve, reject) => {
      this.enqueue({ update, delivery: null, settle: (outcome) => resolve(outcome), reject });
    });
  }

  private enqueue(pending: Pending): void {
    this.queue.push(pending);
    this.assemble();
  }

  /**
   * Puts the queued messages that can go in a round into the round being assembled (a new
   * one when there is none), and starts reading them at once.
   */
  private assemble(): void {
    const round = this.assembling ?? {
      reads: [],
      members: [],
      ids: new Set<string>(),
      unread: [],
      scheduled: false,
    };
    const taken = this.take(round.ids);
    if (taken.length === 0) return;
    round.members.push(...taken);
    round.unread.push(...taken);
    this.readNext(round);
    if (!this.assembling) {
      this.assembling = round;
      void this.run(round);
    }
  }

  /**
   * Reads the round's unread members once this turn of the event loop is over: the messages of
   * several connections that arrive together (the ACKs of a round go out together, so the next
   * messages do too) share one read, and nothing waits for a message not yet arrived. A
   * message arriving while a read is out is read at once beside it, not after it: each read
   * waited for would be a round trip more on the round's path.
   */
  private readNext(round: Assembling): void {
    if (round.scheduled || round.unread.length === 0) return;
    round.scheduled = true;
    round.reads.push(
      new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        round.scheduled = false;
        const batch = round.unread;
        round.unread = [];
        return this.prepare(batch, round.members.length - batch.length);
      }),
    );
  }

  /**
   * The queued messages that can join a round whose members hold the control ids `ids` (the
   * taken ones' are added): none whose record or control id is in the round being written,
   * and one message per control id (a re-send on another connection waits for the next
   * round, which reads the first one's ACK).
   */
  private take(ids: Set<string>): Pending[] {
    const round: Pending[] = [];
    const later: Pending[] = [];
    for (const p of this.queue) {
      const id = deliveryKey(p);
      const held = id !== null && (this.inFlight.has(id) || ids.has(id));
      if (held || this.inFlight.has(recordKey(p))) later.push(p);
      else {
        if (id !== null) ids.add(id);
        round.push(p);
      }
    }
    this.queue = later;
    return round;
  }

  /**
   * Once the round before has committed and every read of this one is in, the round closes
   * (messages after it go in the next, or wait for it when they hold one of its records or
   * control ids) and is written.
   */
  private async run(round: Assembling): Promise<void> {
    // Its START TRANSACTION goes out now, while the round before writes and the reads are out.
    const early = new EarlyTransaction(this.dataSource);
    await this.writing;
    let read = 0;
    const parts: (Prepared | null)[] = [];
    while (read < round.reads.length) {
      const batch = round.reads.slice(read);
      read = round.reads.length;
      parts.push(...(await Promise.all(batch)));
    }
    this.assembling = null;
    this.inFlight = new Set(
      round.members.flatMap((p) => [recordKey(p), ...(deliveryKey(p) ?? [])]),
    );
    this.writing = this.joined(parts)
      .then((prepared) =>
        prepared && prepared.fresh.length > 0 ? this.write(prepared, early) : undefined,
      )
      .catch((error: unknown) => {
        for (const p of round.members) p.reject(error);
      })
      .finally(() => {
        void early.abandon();
        this.inFlight = new Set();
        this.assemble();
      });
  }

  /**
   * A round's reads as one: each read its own records, so two that hold one record (its
   * updates read apart) are read again together, to apply them one after the other.
   */
  private async joined(parts: (Prepared | null)[]): Promise<Prepared | null> {
    const read = parts.filter((p): p is Prepared => p !== null);
    const records = read.flatMap((p) => [...p.indexOf.keys()]);
    if (new Set(records).size < records.length)
      return this.prepare(
        read.flatMap((p) => p.fresh),
        0,
      );
    return {
      fresh: read.flatMap((p) => p.fresh),
      records: read.flatMap((p) => p.records),
      rejected: read.flatMap((p) => p.rejected),
      indexOf: new Map(read.flatMap((p) => [...p.indexOf])),
    };
  }

  /**
   * A round's stored records and stored ACKs, read together: a message whose control id has
   * an ACK already is answered from it and leaves the round. The others' updates are applied
   * in arrival order and the records prepared.
   */
  private async prepare(round: Pending[], indexBase: number): Promise<Prepared | null> {
    try {
      return await this.read(round, indexBase);
    } catch (error) {
      for (const p of round) p.reject(error);
      return null;
    }
  }

  /** As prepare; its records indexed from `indexBase` (so that two reads of a round do not clash). */
  private async read(round: Pending[], indexBase: number): Promise<Prepared> {
    const delivered = round.filter((p) => p.delivery !== null);
    const ackKeys = delivered.flatMap((p) => p.delivery?.key ?? []);
    // The records as stored and the control ids in one statement: one round trip, one plan.
    const records = this.stored.canonicalRecordsPart(round.map((p) => p.update.key));
    const [recordRows = [], ackRows = []] = await runParts(
      this.dataSource.manager,
      [records.part, ...(ackKeys.length > 0 ? [this.inbound.findPart(ackKeys)] : [])],
      { prepare: true },
    );
    const stored = records.read(recordRows);
    const acks = storedAcksOf(ackKeys, ackRows);
    const seen = new Map(delivered.map((p, i) => [p, acks[i] ?? null]));
    const fresh: Pending[] = [];
    for (const p of round) {
      const ack = seen.get(p);
      if (ack) p.settle(undefined, { seen: ack });
      else fresh.push(p);
    }
    const latest = new Map<string, IngestRecord>();
    for (const { update } of fresh) {
      const key = keyOf(update.key.source, update.key.sourceId);
      const before = latest.get(key) ?? stored.get(key) ?? null;
      const record = applyChanges(before, update.key, update.changes);
      latest.set(
        key,
        update.eventAt === undefined ? record : { ...record, eventAt: update.eventAt },
      );
    }
    const { prepared, rejected } = this.ingest.prepareAll([...latest.values()], indexBase);
    const indexOf = new Map([...latest.keys()].map((key, i) => [key, indexBase + i]));
    return { fresh, records: prepared, rejected, indexOf };
  }

  /**
   * The round's records with its messages' ACKs and audit entries, in one transaction. A
   * control id stored meanwhile by another transaction rolls it back: the round is read again
   * (that message is then answered from the stored ACK).
   */
  private async write(prepared: Prepared, early: EarlyTransaction): Promise<void> {
    let round = prepared;
    for (let attempt = 1; ; attempt++) {
      try {
        const { outcomes, rows } = await this.writeOnce(round, attempt === 1 ? early : undefined);
        for (const p of round.fresh) {
          const row = rows.get(p);
          p.settle(outcomes.get(p), row ? { stored: row } : null);
        }
        return;
      } catch (error) {
        if (!(error instanceof DeliveryRace) || attempt >= RACE_ATTEMPTS) {
          for (const p of round.fresh) p.reject(error);
          return;
        }
      }
      const again = await this.prepare(round.fresh, 0);
      if (!again) return;
      round = again;
    }
  }

  /** One attempt at a round: each message's record outcome and stored ACK. */
  private async writeOnce(
    round: Prepared,
    early: EarlyTransaction | undefined,
  ): Promise<{
    outcomes: Map<Pending, IngestOutcome | undefined>;
    rows: Map<Pending, InboundRow>;
  }> {
    const outcomes = new Map<Pending, IngestOutcome | undefined>();
    const rows = new Map<Pending, InboundRow>();
    const addendum: RoundAddendum = {
      writes: (all) => {
        const audit: { actor: AuditActor; entry: AuditEntry }[] = [];
        const byIndex = new Map(all.map((o) => [o.index, o]));
        for (const p of round.fresh) {
          const index = round.indexOf.get(keyOf(p.update.key.source, p.update.key.sourceId));
          const outcome = index === undefined ? undefined : byIndex.get(index);
          outcomes.set(p, outcome);
          if (!p.delivery) continue;
          const settled = p.delivery.settle(outcome);
          rows.set(p, settled.row);
          if (settled.audit) audit.push({ actor: p.delivery.actor, entry: settled.audit });
        }
        return { parts: rows.size > 0 ? [this.inbound.insertPart([...rows.values()])] : [], audit };
      },
      settle: ([inserted]) => {
        if (rows.size > 0 && (inserted ?? []).length < rows.size) throw new DeliveryRace();
      },
    };
    await this.ingest.ingestPrepared(round.records, this.actor, round.rejected, addendum, early);
    return { outcomes, rows };
  }
}

/** In-flight keys: a record's and a control id's, apart. */
const recordKey = (p: Pending): string =>
  `record\u0000${keyOf(p.update.key.source, p.update.key.sourceId)}`;
const deliveryKey = (p: Pending): string | null =>
  p.delivery && `ack\u0000${p.delivery.key.sender}\u0000${p.delivery.key.controlId}`;
