import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CandidateRepository } from '../retrieval/candidate.repository';
import { PairScorer } from '../retrieval/pair-scorer';
import {
  BatchLinker,
  LinkResult,
  certainPersons,
  emptyLinkWrites,
  newPersonMembers,
} from './batch-linker';
import { GoldenRecordService } from './golden-record.service';
import { LinkState } from './link-state';
import { LinkRepository } from './link.repository';
import { MatchViewRecord, MatchViewRepository } from './match-view.repository';
import { ReviewTaskRepository } from './review-task.repository';
import { Contributor } from './golden-record';

/**
 * Live linkage, inside the ingest transaction: block, score against the candidates,
 * aggregate per person, decide, then apply the decision and recompute golden records.
 * Manual links never move by themselves; automatic ones follow the data.
 *
 * A batch is linked in a handful of round trips whatever its size: candidates, steward
 * "not a match" pairs and the persons involved are read up front; records are then linked
 * one after another in memory (each sees the links its predecessors made, as if fed one by
 * one), and persons, links, events, tasks and golden records are written at the end. The
 * ingest's advisory locks on the batch's blocking keys keep other writers out meanwhile.
 */
@Injectable()
export class LinkageService {
  constructor(
    private readonly links: LinkRepository,
    private readonly matchView: MatchViewRepository,
    private readonly candidates: CandidateRepository,
    private readonly reviews: ReviewTaskRepository,
    private readonly scorer: PairScorer,
    private readonly golden: GoldenRecordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async linkRecords(
    manager: EntityManager,
    recordIds: string[],
    actor: Principal,
  ): Promise<Map<string, LinkResult>> {
    return this.linkViews(manager, await this.matchView.matchViewOf(manager, recordIds, []), actor);
  }

  /**
   * As linkRecords, for records whose features and current links the caller already holds;
   * with their demographics too (`contributors`), a new person's golden record is computed
   * without reading its records back.
   */
  async linkViews(
    manager: EntityManager,
    records: MatchViewRecord[],
    actor: Principal,
    contributors: ReadonlyMap<string, Contributor> = new Map(),
  ): Promise<Map<string, LinkResult>> {
    const { pairs, linker } = await this.loadState(manager, records);
    const { state } = linker;
    const writes = emptyLinkWrites();
    await this.reviews.obsoleteOpenTasksOfRecords(
      manager,
      records.filter((r) => r.personId !== null).map((r) => r.recordId),
    );
    const results = new Map<string, LinkResult>();
    for (const record of records) {
      const current = state.recordById(record.recordId) as MatchViewRecord;
      if (current.linkKind === 'manual' && current.personId) {
        results.set(record.recordId, { personId: current.personId, link: 'manual', reviews: 0 });
        writes.touched.add(current.personId);
        continue;
      }
      const scores = linker.scoreAgainstPersons(current, pairs.get(record.recordId) ?? []);
      // A person reached only through a link made earlier in this batch: rare, read it now.
      await this.completePersons(manager, state, certainPersons(scores));
      results.set(record.recordId, linker.decide(current, scores, actor, writes));
    }
    // New persons are written once, with their golden records; links to them are checked at
    // commit (record_link's person key is deferred), and review tasks name them afterwards.
    await this.links.setLinks(manager, [...writes.links.values()]);
    await this.links.insertEvents(manager, writes.events);
    await this.golden.recompute(
      manager,
      [...writes.touched],
      new Set(writes.newPersons),
      newPersonMembers(state, writes.newPersons, contributors),
    );
    await this.reviews.openMany(manager, writes.tasks);
    return results;
  }

  /**
   * The batch's records and their candidates, each candidate with its link but not with the rest
   * of its person. Read whole are the persons of the batch's records and those some record is
   * certain for: the only persons whose other records the linker looks at.
   */
  private async loadState(manager: EntityManager, records: MatchViewRecord[]) {
    const ids = records.map((r) => r.recordId);
    const pairs = await this.candidates.pairsForRecords(
      manager,
      records.map((r) => ({
        recordId: r.recordId,
        keys: this.scorer.lookupKeys(r.features, r.blockKeys),
      })),
      this.scorer.capPerKey,
    );
    const state = new LinkState();
    state.add(records);
    const own = state.personIds();
    const known = new Set(ids);
    const others = [...new Set([...pairs.values()].flat())].filter((id) => !known.has(id));
    state.add(await this.matchView.matchViewOf(manager, others, own), own);
    const linker = new BatchLinker(
      this.scorer,
      this.config.match.deduplicatingSources,
      state,
      await this.links.hardNoPairs(manager, ids),
    );
    const certain = records.flatMap((r) =>
      certainPersons(linker.scoreAgainstPersons(r, pairs.get(r.recordId) ?? [])),
    );
    await this.completePersons(manager, state, certain);
    return { linker, pairs };
  }

  /** Reads the records of those persons not yet read whole. */
  private async completePersons(
    manager: EntityManager,
    state: LinkState,
    personIds: Iterable<string>,
  ): Promise<void> {
    const missing = state.incomplete(personIds);
    if (missing.length > 0)
      state.add(await this.matchView.matchViewOf(manager, [], missing), missing);
  }
}
