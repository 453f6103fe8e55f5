import { Principal } from '../../auth/principal';
import { BatchLinker, LinkResult, LinkWrites } from '../../linkage/batch-linker';
import { HardNoPairs } from '../../linkage/hard-no-pairs';
import { LinkState } from '../../linkage/link-state';
import { MatchViewRecord } from '../../linkage/match-view.repository';
import { BlockIndex } from '../../matching/blocking/block-index';
import { PairScorer } from '../../retrieval/pair-scorer';
import { PreparedRecord } from '../prepared-record';
import { BulkPrepared } from './prepare-messages';
import { StoredRecord, recordKey } from '../source-record.repository';

/** A new record of the file, with the id and place in arrival order the load gave it. */
export interface NewRecord {
  id: string;
  ordinal: number;
  row: number;
  line: number;
  extra: Record<string, string>;
  /** With its source_record columns as COPY text, made where it was prepared. */
  record: BulkPrepared;
}

/**
 * The whole store as a bulk load holds it in memory: every record's features and link (the
 * linker's state, every person complete), the blocking keys as one hash index, and each
 * record key's content hash. Records are linked in arrival order, batch by batch, as the live
 * ingest links them with one batch in flight: a batch's records are indexed first (they are
 * written before the live linker looks for candidates), then linked one after another.
 */
export class BulkStore {
  readonly state = new LinkState();
  private readonly index: BlockIndex;
  private readonly ids: string[] = [];
  private readonly hashes = new Map<string, string>();
  private readonly linker: BatchLinker;

  /** `hardNo`: every steward "not a match" pair of the store (new records have none yet). */
  constructor(
    scorer: PairScorer,
    deduplicatingSources: readonly string[],
    hardNo: readonly unknown[],
  ) {
    this.index = new BlockIndex(scorer.capPerKey);
    const pairs = new HardNoPairs();
    pairs.coverAll(hardNo);
    // Each record is scored once: no pair weight is asked for twice.
    this.linker = new BatchLinker(scorer, deduplicatingSources, this.state, pairs, false);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Stored records, in arrival order. */
  addStored(records: readonly StoredRecord[]): void {
    for (const r of records) {
      this.index.add(this.ids.length, r.keys);
      this.ids.push(r.recordId);
      this.hashes.set(recordKey(r.source, r.sourceIdToken), r.contentHash);
      this.state.add([
        {
          recordId: r.recordId,
          source: r.source,
          features: r.features,
          personId: r.personId,
          linkKind: r.linkKind,
        },
      ]);
    }
  }

  /** Once every stored record is in: their persons are whole. */
  storedComplete(): void {
    this.state.add([], this.state.personIds());
  }

  /** The content hash stored (or loaded earlier in this file) under a record key. */
  hashOf(record: PreparedRecord): string | undefined {
    return this.hashes.get(recordKey(record.source, record.sourceIdToken));
  }

  /** The ordinal the next new record takes. */
  claim(record: PreparedRecord, id: string): number {
    this.hashes.set(recordKey(record.source, record.sourceIdToken), record.contentHash);
    this.ids.push(id);
    return this.ids.length - 1;
  }

  /**
   * Indexes a batch of new records before any of them is linked (the live ingest writes a
   * batch before it looks for candidates); link then takes them one after another, in order.
   */
  indexBatch(batch: readonly NewRecord[]): void {
    for (const r of batch) {
      this.index.add(r.ordinal, r.record.blockKeys);
      this.state.add([viewOf(r)]);
    }
  }

  /** Links one record of the batch indexed last, adding to `writes`. */
  link(r: NewRecord, actor: Principal, writes: LinkWrites): LinkResult {
    const view = this.state.recordById(r.id) as MatchViewRecord;
    const candidates = this.index
      .candidates(r.record.blockKeys, r.ordinal)
      .map((o) => this.ids[o] as string);
    return this.linker.decide(
      view,
      this.linker.scoreAgainstPersons(view, candidates),
      actor,
      writes,
    );
  }
}

function viewOf(r: NewRecord): MatchViewRecord {
  return {
    recordId: r.id,
    source: r.record.source,
    features: r.record.features,
    personId: null,
    linkKind: null,
  };
}
