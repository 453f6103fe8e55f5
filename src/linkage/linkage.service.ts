import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { StatementPart, runParts } from '../database/statement-parts';
import { pairsOf } from '../retrieval/candidate.repository';
import { nameCounts } from '../retrieval/name-frequency.repository';
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
import { HardNoPairs } from './hard-no-pairs';
import { hardNoPart, insertEventsPart, setLinksPart } from './link.repository';
import { LinkStateRequest, LinkStateRows, readLinkState } from './link-state-read';
import {
  MatchViewRecord,
  MatchViewRepository,
  contributorRows,
  matchViewRows,
  personRecordCounts,
} from './match-view.repository';
import { lockedWithMembersOf, pinsOf } from './person.repository';
import {
  ReviewTaskRepository,
  obsoleteOpenTasksPart,
  openManyPart,
} from './review-task.repository';
import { Contributor, Pins, contributorNames } from './golden-record';

/**
 * A round of at most this many records (a feed's, a REST call's) learns which candidates'
 * persons it read whole with its candidates, at an index probe per candidate, instead of
 * reading them in a round trip of their own; a large import batch makes that trip once.
 */
const SMALL_ROUND = 16;

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
    private readonly matchView: MatchViewRepository,
    private readonly scorer: PairScorer,
    private readonly golden: GoldenRecordService,
    private readonly tasks: ReviewTaskRepository,
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
    const { results, lastWrites } = await this.linkRound(manager, records, actor, contributors);
    if (lastWrites.length > 0) await runParts(manager, lastWrites);
    return results;
  }

  /**
   * What the state read (link_state) needs of records before they are written: the ingest
   * hands it to lock_and_write_records, which reads the state of those it wrote after the write.
   */
  stateRequest(
    records: readonly Pick<MatchViewRecord, 'features' | 'blockKeys'>[],
  ): LinkStateRequest {
    return {
      lookups: records.map((r) => this.scorer.lookupKeys(r.features, r.blockKeys)),
      capPerKey: this.scorer.capPerKey,
      smallRound: SMALL_ROUND,
    };
  }

  /**
   * As linkViews, but its last writes (golden records, review tasks) are handed back for the
   * caller to send with its own last statement (the ingest: with name counts and the audit
   * tail). In round trips: the state read (candidates, their match view, "not a match" pairs,
   * the names' counts) in one, none when the caller read it (`read`: lock_and_write_records
   * for these records, with stateRequest, and `contributors` for each); links, events, retired
   * tasks and the touched persons' locks with their members and names' counts in one
   * (lock_persons_with_members; a caller that does not hold its records' demographics reads
   * the members after); when a record is certain for two persons, their records' "not a
   * match" pairs in one more, and a fold's task moves in another.
   */
  async linkRound(
    manager: EntityManager,
    records: MatchViewRecord[],
    actor: Principal,
    contributors: ReadonlyMap<string, Contributor> = new Map(),
    read?: LinkStateRows,
  ): Promise<{ results: Map<string, LinkResult>; lastWrites: StatementPart[] }> {
    const { pairs, linker, counts } = await this.loadState(manager, records, contributors, read);
    const { state } = linker;
    const writes = emptyLinkWrites();
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
    // The open questions of records decided again are retired before new ones are opened.
    const created = new Set(writes.newPersons);
    const touched = [...writes.touched];
    const retired = records.filter((r) => r.personId !== null).map((r) => r.recordId);
    // Knowing each of its records (their contributors) and with no fold (which moves other
    // records' links in this statement), the round reads the stored persons' members with
    // their locks, in the links statement, and adds its own records to them: no statement
    // after it to read them.
    const whole = writes.merged.size === 0 && records.every((r) => contributors.has(r.recordId));
    const pinsPart = whole
      ? this.golden.pinsWithMembersPart(
          touched,
          created,
          records.map((r) => r.recordId),
          contributorNames([...contributors.values()]),
        )
      : this.golden.pinsPart(touched, created);
    const first: (StatementPart | null)[] = [
      retired.length > 0 ? obsoleteOpenTasksPart(retired) : null,
      writes.links.size > 0 ? setLinksPart([...writes.links.values()]) : null,
      writes.events.length > 0 ? insertEventsPart(writes.events) : null,
      pinsPart,
    ];
    const parts = first.filter((p): p is StatementPart => p !== null);
    // Prepared, as the round's other hot statements: planning it each time costs more CPU
    // than running it.
    const rows = parts.length > 0 ? await runParts(manager, parts, { prepare: true }) : [];
    const pinRows = pinsPart ? (rows[parts.indexOf(pinsPart)] ?? []) : [];
    const known = newPersonMembers(state, writes.newPersons, contributors);
    let pins: Map<string, Pins>;
    let knownCounts = counts;
    if (whole && pinsPart) {
      const locked = lockedWithMembersOf(pinRows);
      pins = pinsOf(locked.pins);
      for (const [personId, members] of storedPersonMembers(
        [...pins.keys()],
        contributorRows(locked.members),
        results,
        contributors,
      ))
        known.set(personId, members);
      knownCounts = nameCounts(locked.names);
    } else pins = pinsOf(pinRows);
    await this.tasks.foldTasks(manager, writes.merged);
    const save = await this.golden.recomputeLocked(manager, touched, created, known, pins, {
      knownCounts,
      mergedInto: writes.merged,
    });
    const tasks = openManyPart(writes.tasks);
    return {
      results,
      lastWrites: [save, tasks].filter((p): p is StatementPart => p !== null),
    };
  }

  /**
   * The batch's records and their candidates, each candidate with its link but not with the rest
   * of its person, with the steward "not a match" pairs and (with `contributors`) the counts of
   * their names: link_state's rows (`read`, or read now). Read whole are the persons of the
   * batch's records and those some record is certain for: the only persons whose other records
   * the linker looks at.
   */
  private async loadState(
    manager: EntityManager,
    records: MatchViewRecord[],
    contributors: ReadonlyMap<string, Contributor>,
    read?: LinkStateRows,
  ) {
    const ids = records.map((r) => r.recordId);
    const state = new LinkState();
    state.add(records);
    const own = state.personIds();
    const known = [...contributors.values()];
    const rows =
      read ??
      (await readLinkState(manager, {
        ids,
        request: this.stateRequest(records),
        persons: own,
        names: contributorNames(known),
      }));
    const pairs = pairsOf(rows.pairs);
    const batch = new Set(ids);
    const others = [...new Set([...pairs.values()].flat())].filter((id) => !batch.has(id));
    state.add(matchViewRows(rows.view, others), own);
    // Candidates' persons all of whose records are among them are whole already.
    const whole = [...personRecordCounts(rows.view)].filter(
      ([personId, n]) => state.recordCount(personId) === n,
    );
    state.add(
      [],
      whole.map(([personId]) => personId),
    );
    const hardNo = new HardNoPairs();
    hardNo.add(rows.hardNo, ids);
    const linker = new BatchLinker(
      this.scorer,
      this.config.match.deduplicatingSources,
      state,
      hardNo,
    );
    const certain = records.map((r) =>
      certainPersons(linker.scoreAgainstPersons(r, pairs.get(r.recordId) ?? [])),
    );
    await this.completePersons(manager, state, certain.flat());
    await this.readHardNoOfSplits(
      manager,
      state,
      hardNo,
      certain.filter((persons) => persons.length > 1).flat(),
    );
    return { linker, pairs, counts: known.length > 0 ? nameCounts(rows.names) : undefined };
  }

  /**
   * A record certain for several persons may fold them into one (BatchLinker.fold), which needs
   * the "not a match" pairs of all their records: read in one more statement, when there are any.
   */
  private async readHardNoOfSplits(
    manager: EntityManager,
    state: LinkState,
    hardNo: HardNoPairs,
    personIds: readonly string[],
  ): Promise<void> {
    const members = [...new Set(personIds)]
      .flatMap((p) => state.othersIn(p, ''))
      .map((r) => r.recordId)
      .filter((id) => !hardNo.covers(id));
    if (members.length === 0) return;
    const [rows] = await runParts(manager, [hardNoPart(members)]);
    hardNo.add(rows ?? [], members);
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

/**
 * Each stored person's members after the round: those read under its lock (the round's own
 * records left out) and the round's records now linked to it, in record id order as the
 * database hands members back (survivorship breaks ties by order).
 */
function storedPersonMembers(
  personIds: readonly string[],
  stored: readonly (Contributor & { personId: string })[],
  results: ReadonlyMap<string, LinkResult>,
  contributors: ReadonlyMap<string, Contributor>,
): Map<string, Contributor[]> {
  const members = new Map<string, Contributor[]>(personIds.map((id) => [id, []]));
  for (const { personId, ...member } of stored) members.get(personId)?.push(member);
  for (const [recordId, result] of results) {
    const contributor = contributors.get(recordId);
    if (contributor) members.get(result.personId)?.push(contributor);
  }
  for (const list of members.values())
    list.sort((x, y) => (x.recordId < y.recordId ? -1 : x.recordId > y.recordId ? 1 : 0));
  return members;
}
