import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { retryOnConflict } from '../database/retry-on-conflict';
import { RedecideService } from '../linkage/redecide.service';
import { NO_RELINK_COUNTS, RelinkCounts } from '../linkage/relink-tally';
import { MatchModelProvider } from '../retrieval/match-model.provider';
import { PairScorer } from '../retrieval/pair-scorer';
import { RelinkRun, RelinkRunRepository } from './relink-run.repository';
import {
  ArrivalPosition,
  KeyedRecord,
  SourceRecordRepository,
  recordKey,
} from './source-record.repository';

export interface RelinkBatch extends RelinkCounts {
  /** Records the walk passed in this batch (manual links among them stay as they are). */
  walked: number;
  /** The walk has reached the end: the run of this model version is finished. */
  finished: boolean;
}

/**
 * `mpi relink`: the automatic links of a store decided again under the current model version,
 * through the live linker, while the service runs. It mirrors the key rotation: a batch per
 * transaction, each taking the ingest's advisory locks (record keys, blocking keys) first, so
 * it serialises with ingest instead of racing it.
 *
 * The walk goes through the records in arrival order (received_at, id), as the live path met
 * them. Its position is a row of relink_run per model version, moved in each batch's
 * transaction: a batch and its progress commit together, so a run stopped anywhere continues
 * at the first batch not committed, and a finished run is not repeated.
 *
 * A batch takes the later records of its records' persons with it (pulled forward, so no
 * person is left half re-decided between two batches, and so a person's intruder leaves
 * before its founder is judged: see RedecideService); the walk decides them again when it
 * reaches them. Each is decided as a re-sent record is: its open questions are closed, it
 * stays, moves to another person or gets a person of its own, with a link event of each move
 * that the undo reverses, golden records recomputed and review tasks opened as the live path
 * opens them.
 *
 * Blocking keys follow the model too: each batch's records get the current rules' keys before
 * they are decided, so a record meets every record before it in the walk under the new rules
 * (and the later ones meet it when their turn comes).
 */
@Injectable()
export class RelinkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly models: MatchModelProvider,
    private readonly scorer: PairScorer,
    private readonly records: SourceRecordRepository,
    private readonly runs: RelinkRunRepository,
    private readonly redecider: RedecideService,
    private readonly audit: AuditService,
  ) {}

  get modelVersion(): number {
    return this.models.model.version;
  }

  /** The run of the current model version, if one has started. */
  currentRun(): Promise<RelinkRun | null> {
    return this.runs.find(this.dataSource.manager, this.modelVersion);
  }

  /** Records the current run has still to walk. */
  async remaining(): Promise<number> {
    const run = await this.currentRun();
    return this.records.countAfter(this.dataSource.manager, run?.cursor ?? null);
  }

  relinkBatch(size: number, actor: Principal): Promise<RelinkBatch> {
    return retryOnConflict(() => this.dataSource.transaction((m) => this.batch(m, size, actor)), {
      attempts: 5,
      pauseMs: 25,
    });
  }

  private async batch(m: EntityManager, size: number, actor: Principal): Promise<RelinkBatch> {
    const version = this.modelVersion;
    const run = await this.runs.lockOrStart(m, version);
    if (run.finishedAt) return { ...NO_RELINK_COUNTS, walked: 0, finished: true };
    const walk = await this.records.nextInArrivalOrder(m, run.cursor, size);
    const last = walk[walk.length - 1];
    if (!last) {
      await this.runs.finish(m, version);
      return { ...NO_RELINK_COUNTS, walked: 0, finished: true };
    }
    const records = await this.lockBatch(m, walk, run.cursor);
    const ids = records.map((r) => r.recordId);
    const keysRefreshed = await this.refreshBlockKeys(m, records);
    const walked = new Set(walk.map((w) => w.recordId));
    const { counts, personIds } = await this.redecider.redecide(m, ids, walked, actor);
    const done = { ...counts, keysRefreshed };
    await this.runs.advance(m, version, last, done);
    await this.audit.record(m, actor, {
      action: 'link.relink',
      outcome: 'success',
      recordIds: ids,
      personIds,
      detail: { modelVersion: version, walked: walk.length, ...done },
    });
    return { ...done, walked: walk.length, finished: false };
  }

  /**
   * The walked records and the later records of their persons, in arrival order, locked as
   * the ingest locks them, then read again: what was read before the locks may have changed.
   * Records before the cursor were decided earlier in this run.
   */
  private async lockBatch(
    m: EntityManager,
    walk: ArrivalPosition[],
    cursor: ArrivalPosition | null,
  ): Promise<KeyedRecord[]> {
    const ids = await this.redecider.withTheirPersons(
      m,
      walk.map((w) => w.recordId),
    );
    const keyed = await this.records.keyedAfter(m, ids, cursor);
    await this.records.lockKeys(
      m,
      keyed.flatMap((r) => [
        recordKey(r.source, r.sourceIdToken),
        ...this.scorer.storedBlockKeys(r.features),
      ]),
    );
    return this.records.keyedAfter(
      m,
      keyed.map((r) => r.recordId),
      cursor,
    );
  }

  /** Rewrites the blocking keys of records whose stored keys are not the current rules'. */
  private async refreshBlockKeys(m: EntityManager, records: KeyedRecord[]): Promise<number> {
    const current = records.map((r) => ({
      recordId: r.recordId,
      keys: [...new Set(this.scorer.storedBlockKeys(r.features))],
    }));
    const stale = await this.records.withOtherBlockKeys(m, current);
    await this.records.replaceBlockKeys(
      m,
      current.filter((e) => stale.has(e.recordId)).map((e) => ({ ...e, replacing: true })),
    );
    return stale.size;
  }
}
