import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ReviewReason, reviewReasonOfPair } from '../matching/rules/review-reason';
import { CandidateRepository } from '../scoring/candidate.repository';
import { PairScorer } from '../scoring/pair-scorer';
import { PairWeight } from '../matching/score/score-pair';
import { PairExplanation } from '../matching/score/explanation';
import { bestPerPerson } from '../matching/score/rank-persons';
import { EventExplanation, eventExplanation } from './event-explanation';
import { GoldenRecordService } from './golden-record.service';
import {
  LinkDecision,
  LinkPolicy,
  PersonScore,
  ReviewKind,
  ReviewProposal,
  decideLink,
} from './link-decision';
import { LinkState } from './link-state';
import { LinkEventInput, LinkRepository } from './link.repository';
import { MatchViewRecord, MatchViewRepository } from './match-view.repository';
import { NewReviewTask, ReviewTaskRepository } from './review-task.repository';
import { Contributor } from './golden-record';

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

/** What the linker holds of a batch while it links its records one after another. */
interface BatchState {
  state: LinkState;
  /** Pair weights already computed, by `record|candidate`. */
  weights: Map<string, PairWeight>;
  /** Steward "not a match" pairs of the batch's records (see pairKey). */
  hardNo: Set<string>;
}

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
    private readonly links: LinkRepository,
    private readonly matchView: MatchViewRepository,
    private readonly candidates: CandidateRepository,
    private readonly reviews: ReviewTaskRepository,
    private readonly scorer: PairScorer,
    private readonly golden: GoldenRecordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The decision's settings; two candidates may be one person unless their best records contradict. */
  private linkPolicy(): LinkPolicy {
    return {
      chainGuardWeight: this.scorer.chainGuardWeight,
      householdRivalMargin: HOUSEHOLD_RIVAL_BITS,
      samePerson: (x, y) =>
        x.bestFeatures !== undefined &&
        y.bestFeatures !== undefined &&
        !this.scorer.contradicts(x.bestFeatures, y.bestFeatures),
    };
  }

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
    const { pairs, ...batch } = await this.loadState(manager, records);
    const { state } = batch;
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
      const result = await this.linkRecord(
        manager,
        batch,
        record.recordId,
        pairs.get(record.recordId) ?? [],
        actor,
        writes,
      );
      results.set(record.recordId, result);
      writes.touched.add(result.personId);
      if (before && before !== result.personId) writes.touched.add(before);
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
        keys: this.scorer.lookupKeyTokens(r.features, r.blockKeys),
      })),
      this.scorer.capPerKey,
    );
    const state = new LinkState();
    state.add(records);
    const own = state.personIds();
    const known = new Set(ids);
    const others = [...new Set([...pairs.values()].flat())].filter((id) => !known.has(id));
    state.add(await this.matchView.matchViewOf(manager, others, own), own);
    const batch: BatchState = {
      state,
      weights: new Map(),
      hardNo: await this.links.hardNoPairs(manager, ids),
    };
    const certain = records.flatMap((r) =>
      certainPersons(this.scoreAgainstPersons(batch, r, pairs.get(r.recordId) ?? [])),
    );
    await this.completePersons(manager, state, certain);
    return { ...batch, pairs };
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

  /** A pair's weight, computed once per batch: a candidate's features do not change in it. */
  private weigh(
    batch: BatchState,
    record: MatchViewRecord,
    candidateId: string,
  ): PairWeight | undefined {
    const key = `${record.recordId}|${candidateId}`;
    let weight = batch.weights.get(key);
    if (!weight) {
      const features = batch.state.features(candidateId);
      if (!features) return undefined;
      weight = this.scorer.weigh(record.features, features);
      batch.weights.set(key, weight);
    }
    return weight;
  }

  private async linkRecord(
    manager: EntityManager,
    batch: BatchState,
    recordId: string,
    candidateIds: string[],
    actor: Principal,
    writes: BatchWrites,
  ): Promise<LinkResult> {
    const { state } = batch;
    const record = state.recordById(recordId) as MatchViewRecord;
    if (record.linkKind === 'manual' && record.personId)
      return { personId: record.personId, link: 'manual', reviews: 0 };
    const scores = this.scoreAgainstPersons(batch, record, candidateIds);
    // A person reached only through a link made earlier in this batch: rare, read it now.
    await this.completePersons(manager, state, certainPersons(scores));
    this.guardChains(state, record, scores);
    const decision = this.holdSameSource(state, record, decideLink(scores, this.linkPolicy()));
    const personId = this.applyLink(state, record, decision, actor, writes);
    const reviews = this.proposeReviews(state, record, personId, decision, writes);
    return { personId, link: decision.linkTo ? 'auto' : 'own-person', reviews };
  }

  private scoreAgainstPersons(
    batch: BatchState,
    record: MatchViewRecord,
    candidateIds: string[],
  ): PersonScore[] {
    const refused = new Set<string>();
    const scored: PersonScore[] = [];
    for (const candidateId of candidateIds) {
      const personId = batch.state.personOf(candidateId);
      // A candidate not linked yet is a later record of this batch: it will meet this one then.
      if (!personId) continue;
      if (batch.hardNo.has(pairKey(record.recordId, candidateId))) refused.add(personId);
      const score = this.weigh(batch, record, candidateId);
      if (!score) continue;
      const features = batch.state.features(candidateId);
      scored.push({
        personId,
        bestRecordId: candidateId,
        bestFeatures: features,
        ...score,
        explanation: null,
      });
    }
    // A steward's "not a match" with any record of a person rules the whole person out.
    return bestPerPerson(scored).filter((s) => !refused.has(s.personId));
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
    state.markComplete(personId);
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

  /**
   * A source configured as deduplicating its own patients (MPI_DEDUPLICATING_SOURCES) means
   * its two record numbers are two people to it: a second record of it is not linked to a
   * person that already holds one, it is shown to a steward (Oracle's `SameSystemMatch`).
   */
  private holdSameSource(
    state: LinkState,
    record: MatchViewRecord,
    decision: LinkDecision,
  ): LinkDecision {
    const target = decision.linkTo;
    if (!target || !this.config.match.deduplicatingSources.includes(record.source)) return decision;
    const sameSource = state
      .othersIn(target.personId, record.recordId)
      .some((m) => m.source === record.source);
    if (!sameSource) return decision;
    return { linkTo: null, reviews: [{ kind: 'same-source-duplicate', candidate: target }] };
  }

  private proposeReviews(
    state: LinkState,
    record: MatchViewRecord,
    personId: string,
    decision: LinkDecision,
    writes: BatchWrites,
  ): number {
    for (const review of decision.reviews) {
      const explanation = this.explain(record, review.candidate);
      writes.tasks.push({
        kind: review.kind,
        reasonCode: reasonOf(review, record),
        recordId: record.recordId,
        personId,
        candidatePersonId: review.candidate.personId,
        source: record.source,
        probability: review.candidate.probability,
        weight: review.candidate.weight,
        explanation: review.rival ? { ...explanation, rival: rivalOf(review.rival) } : explanation,
      });
    }
    // Two records of one source in one person: the source itself holds a duplicate.
    const twin = decision.linkTo
      ? state.othersIn(personId, record.recordId).find((m) => m.source === record.source)
      : undefined;
    if (twin) {
      writes.tasks.push({
        kind: 'same-source-duplicate',
        reasonCode: 'same-source-duplicate',
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

/** Bits below the best within which another person of the record's household is a rival. */
const HOUSEHOLD_RIVAL_BITS = 5;

const REASON_OF_KIND: Readonly<Partial<Record<ReviewKind, ReviewReason>>> = {
  ambiguous: 'ambiguous',
  'merge-persons': 'split-person',
  'same-source-duplicate': 'same-source-duplicate',
  'weak-chain': 'weak-chain',
};

/** Why the steward is asked: the decision's own reason, else what the pair showed. */
function reasonOf(review: ReviewProposal, record: MatchViewRecord): ReviewReason {
  return (
    REASON_OF_KIND[review.kind] ??
    reviewReasonOfPair(review.candidate, record.features, review.candidate.bestFeatures)
  );
}

/** The rival person of an ambiguous record, as its task names it (no values). */
function rivalOf(rival: PersonScore): object {
  return {
    personId: rival.personId,
    recordId: rival.bestRecordId,
    weight: rival.weight,
    probability: rival.probability,
    matchClass: rival.matchClass,
  };
}

/** The persons a record is certain for: those the chain guard and the twin check read whole. */
function certainPersons(scores: readonly PersonScore[]): string[] {
  return scores.filter((s) => s.matchClass === 'certain').map((s) => s.personId);
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
