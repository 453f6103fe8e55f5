import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { retryOnConflict } from '../database/retry-on-conflict';
import { LinkageService } from '../linkage/linkage.service';
import { MatchViewRecord, PersonRepository } from '../linkage/person.repository';
import { MatchModelProvider } from '../scoring/match-model.provider';
import { PairScorer } from '../scoring/pair-scorer';
import { RelinkRun, RelinkRunRepository } from './relink-run.repository';
import { LinkPass, NO_RELINK_COUNTS, RelinkCounts, tallyPasses } from './relink-tally';
import { ArrivalPosition, SourceRecordRepository, recordKey } from './source-record.repository';

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
 * A batch re-decides its records and the later records of their persons (pulled forward, so
 * no person is left half re-decided between two batches; the walk decides them again when it
 * reaches them), latest first (see pass). Each goes through LinkageService as a re-sent record
 * does: its open questions are closed, it is scored against its candidates (its own person's
 * other records among them) and stays, moves to another person or gets a person of its own,
 * with a link event of each move that the undo reverses, golden records recomputed and review
 * tasks opened as the live path opens them. Records linked by a steward are never re-decided:
 * they stay, and their persons keep them. A person all of whose records left is left empty.
 * When a record moved, the batch is decided once more: the first pass judged some records
 * against persons that still held a record about to leave (as a weak chain, say); the second
 * decides each against the persons as they now stand and closes the first pass's stale
 * questions.
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
    private readonly persons: PersonRepository,
    private readonly linkage: LinkageService,
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
    const ids = await this.lockBatch(m, walk, run.cursor);
    const all = await this.viewsInOrder(m, ids);
    const keysRefreshed = await this.refreshBlockKeys(m, all);
    const passes = await this.decide(m, automatic(all), actor);
    const counts = { ...tallyPasses(passes), keysRefreshed };
    await this.runs.advance(m, version, last, counts);
    await this.audit.record(m, actor, {
      action: 'link.relink',
      outcome: 'success',
      recordIds: ids,
      personIds: personsOf(passes),
      detail: { modelVersion: version, walked: walk.length, ...counts },
    });
    return { ...counts, walked: walk.length, finished: false };
  }

  /**
   * The walked records and the later records of their persons, in arrival order, locked as
   * the ingest locks them. Records before the cursor were decided earlier in this run.
   */
  private async lockBatch(
    m: EntityManager,
    walk: ArrivalPosition[],
    cursor: ArrivalPosition | null,
  ): Promise<string[]> {
    const walked = await this.persons.matchViewOf(
      m,
      walk.map((w) => w.recordId),
      [],
    );
    const personIds = [...new Set(walked.flatMap((r) => (r.personId ? [r.personId] : [])))];
    const members = await this.persons.matchViewOf(m, [], personIds);
    const keyed = await this.records.keyedAfter(
      m,
      [...new Set([...walked, ...members].map((r) => r.recordId))],
      cursor,
    );
    await this.records.lockKeys(
      m,
      keyed.flatMap((r) => [
        recordKey(r.source, r.sourceIdToken),
        ...this.scorer.blockingKeyTokens(r.features),
      ]),
    );
    return keyed.map((r) => r.recordId);
  }

  /** The records as the linker reads them, read again now that they are locked. */
  private async viewsInOrder(m: EntityManager, ids: string[]): Promise<MatchViewRecord[]> {
    const views = new Map((await this.persons.matchViewOf(m, ids, [])).map((v) => [v.recordId, v]));
    return ids.flatMap((id) => views.get(id) ?? []);
  }

  /** Rewrites the blocking keys of records whose stored keys are not the current rules'. */
  private async refreshBlockKeys(m: EntityManager, views: MatchViewRecord[]): Promise<number> {
    const stored = await this.records.blockKeysOf(
      m,
      views.map((v) => v.recordId),
    );
    const stale = views
      .map((v) => ({
        recordId: v.recordId,
        keys: [...new Set(this.scorer.blockingKeyTokens(v.features))],
      }))
      .filter((e) => !sameSet(stored.get(e.recordId) ?? [], e.keys));
    await this.records.replaceBlockKeys(
      m,
      stale.map((e) => ({ ...e, replacing: true })),
    );
    return stale.length;
  }

  /** One pass through the live linker, and a second when the first moved a record. */
  private async decide(
    m: EntityManager,
    views: MatchViewRecord[],
    actor: Principal,
  ): Promise<LinkPass[]> {
    // A batch of manual links only: nothing to decide.
    if (views.length === 0) return [];
    const first = await this.pass(m, views, actor);
    const moved = [...first.results].some(([id, r]) => r.personId !== first.before.get(id));
    if (!moved) return [first];
    const again = automatic(
      await this.viewsInOrder(
        m,
        views.map((v) => v.recordId),
      ),
    );
    return [first, await this.pass(m, again, actor)];
  }

  /**
   * Latest first: a record that no longer fits leaves its person before the person's earlier
   * records are judged against it, so a person keeps the records it was founded on, and its
   * id, while the intruder leaves (in arrival order the founder, not certain for a person
   * still holding the intruder, would be the one to go).
   */
  private async pass(
    m: EntityManager,
    views: MatchViewRecord[],
    actor: Principal,
  ): Promise<LinkPass> {
    const before = new Map(views.map((v) => [v.recordId, v.personId]));
    return { before, results: await this.linkage.linkViews(m, [...views].reverse(), actor) };
  }
}

/** Records a steward linked are never re-decided. */
function automatic(views: MatchViewRecord[]): MatchViewRecord[] {
  return views.filter((v) => v.linkKind !== 'manual');
}

/** Every person a batch's records were in or went to. */
function personsOf(passes: LinkPass[]): string[] {
  const ids = new Set<string>();
  for (const pass of passes) {
    for (const p of pass.before.values()) if (p) ids.add(p);
    for (const r of pass.results.values()) ids.add(r.personId);
  }
  return [...ids];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === b.length && b.every((x) => set.has(x));
}
