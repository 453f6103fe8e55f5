import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { CandidateRepository } from '../scoring/candidate.repository';
import { PairScorer } from '../scoring/pair-scorer';
import { PairExplanation } from '../matching/score/explanation';
import { EventExplanation, eventExplanation } from './event-explanation';
import { GoldenRecordService } from './golden-record.service';
import { LinkDecision, PersonScore, decideLink } from './link-decision';
import { LinkState } from './link-state';
import { LinkEventInput, MatchViewRecord, PersonRepository } from './person.repository';
import { NewReviewTask, ReviewTaskRepository } from './review-task.repository';
import { Contributor } from './survivorship';

/** How one record ended up: linked to a person automatically, alone, or left as a steward set it. */
export interface LinkResult {
  personId: string;
  link: 'auto' | 'own-person' | 'manual';
  /** Review tasks opened for it. */
  reviews: number;
}

type LinkWrite = {
  recordId: string;
  personId: string;
  kind: 'auto' | 'manual';
  probability: number | null;
  weight: number | null;
};

/** What one batch's linkage writes, all at its end. */
interface BatchWrites {
  newPersons: string[];
  links: Map<string, LinkWrite>;
  events: LinkEventInput[];
  tasks: NewReviewTask[];
  touched: Set<string>;
}

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
    private readonly persons: PersonRepository,
    private readonly candidates: CandidateRepository,
    private readonly reviews: ReviewTaskRepository,
    private readonly scorer: PairScorer,
    private readonly golden: GoldenRecordService,
  ) {}

  async linkRecords(
    manager: EntityManager,
    recordIds: string[],
    actor: Principal,
  ): Promise<Map<string, LinkResult>> {
    return this.linkViews(manager, await this.persons.matchViewByIds(manager, recordIds), actor);
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
    const { state, pairs, hardNo } = await this.loadState(manager, records);
    const writes: BatchWrites = {
      newPersons: [],
      links: new Map(),
      events: [],
      tasks: [],
      touched: new Set(),
    };
    await this.reviews.obsoleteOpenTasksOfRecords(
      manager,
      records.filter((r) => r.personId !== null).map((r) => r.recordId),
    );
    const results = new Map<string, LinkResult>();
    for (const record of records) {
      const before = state.personOf(record.recordId);
      const result = this.linkRecord(
        state,
        record.recordId,
        pairs.get(record.recordId) ?? [],
        hardNo,
        actor,
        writes,
      );
      results.set(record.recordId, result);
      writes.touched.add(result.personId);
      if (before && before !== result.personId) writes.touched.add(before);
    }
    // New persons are written once, with their golden records; links to them are checked at
    // commit (record_link's person key is deferred), and review tasks name them afterwards.
    await this.persons.setLinks(manager, [...writes.links.values()]);
    await this.persons.insertEvents(manager, writes.events);
    await this.golden.recompute(
      manager,
      [...writes.touched],
      new Set(writes.newPersons),
      newPersonMembers(state, writes.newPersons, contributors),
    );
    await this.reviews.openMany(manager, writes.tasks);
    return results;
  }

  private async loadState(manager: EntityManager, records: MatchViewRecord[]) {
    const ids = records.map((r) => r.recordId);
    const pairs = await this.candidates.pairsForRecords(
      manager,
      records.map((r) => ({ recordId: r.recordId, keys: this.scorer.lookupKeyTokens(r.features) })),
      this.scorer.capPerKey,
    );
    const state = new LinkState();
    state.add(records);
    const known = new Set(ids);
    const others = [...new Set([...pairs.values()].flat())].filter((id) => !known.has(id));
    state.add(await this.persons.matchViewAround(manager, others, state.personIds()));
    return { state, pairs, hardNo: await this.persons.hardNoPairs(manager, ids) };
  }

  private linkRecord(
    state: LinkState,
    recordId: string,
    candidateIds: string[],
    hardNo: Set<string>,
    actor: Principal,
    writes: BatchWrites,
  ): LinkResult {
    const record = state.record(recordId) as MatchViewRecord;
    if (record.linkKind === 'manual' && record.personId)
      return { personId: record.personId, link: 'manual', reviews: 0 };
    const scores = this.scoreAgainstPersons(state, record, candidateIds, hardNo);
    this.guardChains(state, record, scores);
    const decision = decideLink(scores, this.scorer.chainGuardWeight);
    const personId = this.applyLink(state, record, decision, actor, writes);
    const reviews = this.proposeReviews(state, record, personId, decision, writes);
    return { personId, link: decision.linkTo ? 'auto' : 'own-person', reviews };
  }

  private scoreAgainstPersons(
    state: LinkState,
    record: MatchViewRecord,
    candidateIds: string[],
    hardNo: Set<string>,
  ): PersonScore[] {
    const refused = new Set<string>();
    const best = new Map<string, PersonScore>();
    for (const candidateId of candidateIds) {
      const personId = state.personOf(candidateId);
      // A candidate not linked yet is a later record of this batch: it will meet this one then.
      if (!personId) continue;
      if (hardNo.has(pairKey(record.recordId, candidateId))) refused.add(personId);
      const features = state.features(candidateId);
      if (!features) continue;
      const score = this.scorer.weigh(record.features, features);
      const current = best.get(personId);
      if (!current || score.weight > current.weight) {
        best.set(personId, {
          personId,
          bestRecordId: candidateId,
          bestFeatures: features,
          ...score,
          explanation: null,
        });
      }
    }
    // A steward's "not a match" with any record of a person rules the whole person out.
    return [...best.values()].filter((s) => !refused.has(s.personId));
  }

  /** For persons the record is certain for, the weakest pair with their other records. */
  private guardChains(state: LinkState, record: MatchViewRecord, scores: PersonScore[]): void {
    for (const score of scores.filter((s) => s.matchClass === 'certain')) {
      const weights = state
        .othersIn(score.personId, record.recordId)
        .map((m) => this.scorer.weigh(record.features, m.features).weight);
      score.weakestWeight = weights.length > 0 ? Math.min(...weights) : score.weight;
    }
  }

  /** Explanations are built only where someone will read them: links and review tasks. */
  private explain(record: MatchViewRecord, score: PersonScore): PairExplanation | null {
    return score.bestFeatures
      ? this.scorer.explain(record.features, score.bestFeatures).explanation
      : null;
  }

  /** An auto-link event keeps the compact form (see event-explanation.ts). */
  private explainForEvent(record: MatchViewRecord, score: PersonScore): EventExplanation | null {
    const full = this.explain(record, score);
    return full && eventExplanation(full);
  }

  private applyLink(
    state: LinkState,
    record: MatchViewRecord,
    decision: LinkDecision,
    actor: Principal,
    writes: BatchWrites,
  ): string {
    const target = decision.linkTo;
    const from = record.personId;
    if (target) {
      writes.links.set(record.recordId, {
        recordId: record.recordId,
        personId: target.personId,
        kind: 'auto',
        probability: target.probability,
        weight: target.weight,
      });
      if (from !== target.personId) {
        writes.events.push({
          actor: actor.subject,
          kind: 'auto-link',
          recordId: record.recordId,
          personId: target.personId,
          fromPersonId: from,
          probability: target.probability,
          weight: target.weight,
          explanation: this.explainForEvent(record, target),
        });
        state.move(record.recordId, target.personId, 'auto');
      }
      return target.personId;
    }
    if (from && state.othersIn(from, record.recordId).length === 0) return from;
    const personId = randomUUID();
    writes.newPersons.push(personId);
    writes.links.set(record.recordId, {
      recordId: record.recordId,
      personId,
      kind: 'auto',
      probability: null,
      weight: null,
    });
    writes.events.push({
      actor: actor.subject,
      kind: 'new-person',
      recordId: record.recordId,
      personId,
      fromPersonId: from,
    });
    state.move(record.recordId, personId, 'auto');
    return personId;
  }

  private proposeReviews(
    state: LinkState,
    record: MatchViewRecord,
    personId: string,
    decision: LinkDecision,
    writes: BatchWrites,
  ): number {
    for (const review of decision.reviews) {
      writes.tasks.push({
        kind: review.kind,
        recordId: record.recordId,
        personId,
        candidatePersonId: review.candidate.personId,
        source: record.source,
        probability: review.candidate.probability,
        weight: review.candidate.weight,
        explanation: this.explain(record, review.candidate),
      });
    }
    // Two records of one source in one person: the source itself holds a duplicate.
    const twin = decision.linkTo
      ? state.othersIn(personId, record.recordId).find((m) => m.source === record.source)
      : undefined;
    if (twin) {
      writes.tasks.push({
        kind: 'same-source-duplicate',
        recordId: record.recordId,
        personId,
        candidatePersonId: personId,
        source: record.source,
        probability: null,
        weight: null,
        explanation: { otherRecordId: twin.recordId },
      });
    }
    return decision.reviews.length + (twin ? 1 : 0);
  }
}

/** Each new person's records, when the caller supplied all of their demographics. */
function newPersonMembers(
  state: LinkState,
  newPersons: string[],
  contributors: ReadonlyMap<string, Contributor>,
): Map<string, Contributor[]> {
  const known = new Map<string, Contributor[]>();
  for (const personId of newPersons) {
    const members = state.othersIn(personId, '').map((r) => contributors.get(r.recordId));
    // In record id order, as the database hands them back: survivorship breaks ties by order.
    if (members.every((m) => m !== undefined))
      known.set(
        personId,
        (members as Contributor[]).sort((x, y) => (x.recordId < y.recordId ? -1 : 1)),
      );
  }
  return known;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
