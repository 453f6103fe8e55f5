import { randomUUID } from 'node:crypto';
import { Principal } from '../auth/principal';
import { MatchClass } from '../matching/model/match-class';
import { ReviewReason, reviewReasonOfPair } from '../matching/rules/review-reason';
import { PairWeight } from '../matching/score/score-pair';
import { PairExplanation } from '../matching/score/explanation';
import { bestPerPerson } from '../matching/score/rank-persons';
import { PairScorer } from '../retrieval/pair-scorer';
import { EventExplanation, eventExplanation } from './event-explanation';
import {
  LinkDecision,
  LinkPolicy,
  PersonScore,
  ReviewKind,
  ReviewProposal,
  decideLink,
} from './link-decision';
import { HardNoPairs } from './hard-no-pairs';
import { LinkState } from './link-state';
import { LinkEventInput, LinkRow } from './link.repository';
import { MatchViewRecord } from './match-view.repository';
import { Contributor } from './golden-record';
import { NewReviewTask } from './review-task.repository';

/** How one record ended up: linked to a person automatically, alone, or left as a steward set it. */
export interface LinkResult {
  personId: string;
  link: 'auto' | 'own-person' | 'manual';
  /** Review tasks opened for it. */
  reviews: number;
}

/** What linking a run of records writes, all at its end. */
export interface LinkWrites {
  newPersons: string[];
  links: Map<string, LinkRow>;
  events: LinkEventInput[];
  tasks: NewReviewTask[];
  touched: Set<string>;
  /** Persons folded into another (see BatchLinker.fold): merged person to the one it joined. */
  merged: Map<string, string>;
}

export function emptyLinkWrites(): LinkWrites {
  return {
    newPersons: [],
    links: new Map(),
    events: [],
    tasks: [],
    touched: new Set(),
    merged: new Map(),
  };
}

/** The pair that shows two persons are one: a record of each, alike enough (BRIDGING). */
interface FoldBridge {
  survivorRecord: MatchViewRecord;
  loserRecord: MatchViewRecord;
  weight: PairWeight;
}

/**
 * The linker's decisions, in memory: records are linked one after another against a
 * LinkState, each seeing the links its predecessors made, as if fed one by one. The live
 * ingest runs it over a batch it read from the database (reading incomplete persons between
 * scoring and deciding); the bulk import over a whole file with every person in memory. One
 * set of rules for both, so they decide alike.
 */
export class BatchLinker {
  /** Pair weights already computed, by `record|candidate`: a candidate's features do not change. */
  private readonly weights = new Map<string, PairWeight>();
  private readonly policy: LinkPolicy;

  constructor(
    private readonly scorer: PairScorer,
    private readonly deduplicatingSources: readonly string[],
    readonly state: LinkState,
    /** Steward "not a match" pairs, known for the records being linked at least. */
    private readonly hardNo: HardNoPairs,
    /**
     * Whether to keep pair weights (see weights): the live ingest scores a record twice, a
     * bulk load once, where keeping them only makes garbage that outlives the young heap.
     */
    private readonly keepWeights = true,
  ) {
    // Two candidates may be one person unless their best records contradict.
    this.policy = {
      chainGuardWeight: scorer.chainGuardWeight,
      householdRivalMargin: HOUSEHOLD_RIVAL_BITS,
      samePerson: (x, y) =>
        x.bestFeatures !== undefined &&
        y.bestFeatures !== undefined &&
        !scorer.contradicts(x.bestFeatures, y.bestFeatures),
    };
  }

  /** The record's best pair per person among its candidates (linked ones: earlier records). */
  scoreAgainstPersons(record: MatchViewRecord, candidateIds: readonly string[]): PersonScore[] {
    const refused = new Set<string>();
    const scored: PersonScore[] = [];
    for (const candidateId of candidateIds) {
      const personId = this.state.personOf(candidateId);
      // A candidate not linked yet is a later record of this batch: it will meet this one then.
      if (!personId) continue;
      if (this.hardNo.refuses(record.recordId, candidateId)) refused.add(personId);
      const score = this.weigh(record, candidateId);
      if (!score) continue;
      scored.push({
        personId,
        bestRecordId: candidateId,
        bestFeatures: this.state.features(candidateId),
        ...score,
        explanation: null,
      });
    }
    // A steward's "not a match" with any record of a person rules the whole person out.
    return bestPerPerson(scored).filter((s) => !refused.has(s.personId));
  }

  /**
   * Decides a scored record and applies the decision to the state and the writes; every person
   * it is certain for must be complete in the state (the chain guard reads all its records).
   */
  decide(
    record: MatchViewRecord,
    scores: PersonScore[],
    actor: Principal,
    writes: LinkWrites,
  ): LinkResult {
    const before = record.personId;
    this.guardChains(record, scores);
    const held = this.holdSameSource(record, decideLink(scores, this.policy));
    const personId = this.applyLink(record, held, actor, writes);
    const decision = this.foldSplitPersons(record, personId, held, actor, writes);
    const reviews = this.proposeReviews(record, personId, decision, writes);
    writes.touched.add(personId);
    if (before && before !== personId) writes.touched.add(before);
    return { personId, link: decision.linkTo ? 'auto' : 'own-person', reviews };
  }

  /** A pair's weight, computed once: a candidate's features do not change while linking. */
  private weigh(record: MatchViewRecord, candidateId: string): PairWeight | undefined {
    if (!this.keepWeights) {
      const features = this.state.features(candidateId);
      return features && this.scorer.weigh(record.features, features);
    }
    const key = `${record.recordId}|${candidateId}`;
    let weight = this.weights.get(key);
    if (!weight) {
      const features = this.state.features(candidateId);
      if (!features) return undefined;
      weight = this.scorer.weigh(record.features, features);
      this.weights.set(key, weight);
    }
    return weight;
  }

  /** For persons the record is certain for, the weakest pair with their other records. */
  private guardChains(record: MatchViewRecord, scores: PersonScore[]): void {
    for (const score of scores.filter((s) => s.matchClass === 'certain')) {
      const weights = this.state
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
    record: MatchViewRecord,
    decision: LinkDecision,
    actor: Principal,
    writes: LinkWrites,
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
        this.state.move(record.recordId, target.personId, 'auto');
      }
      return target.personId;
    }
    if (from && this.state.othersIn(from, record.recordId).length === 0) return from;
    const personId = randomUUID();
    writes.newPersons.push(personId);
    this.state.markComplete(personId);
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
    this.state.move(record.recordId, personId, 'auto');
    return personId;
  }

  /**
   * The other persons a linked record is certain for are folded into its person, instead of
   * asking a steward, when they are plainly one person split by arrival order or blocking: a
   * record of each is certain for a record of the other without the new record's help, no
   * pair of their records contradicts (twins, parent and child, a shared identifier do), no
   * steward said "not a match" between them or placed a record of either by hand, and no
   * deduplicating source holds a record in both. Anything less stays a `merge-persons` task.
   */
  private foldSplitPersons(
    record: MatchViewRecord,
    personId: string,
    decision: LinkDecision,
    actor: Principal,
    writes: LinkWrites,
  ): LinkDecision {
    if (!decision.linkTo) return decision;
    const reviews = decision.reviews.filter(
      (review) =>
        review.kind !== 'merge-persons' ||
        !this.fold(record, personId, review.candidate, actor, writes),
    );
    return { ...decision, reviews };
  }

  /** Moves every record of `loser` into the survivor, as one undoable event; false if it may not. */
  private fold(
    record: MatchViewRecord,
    survivorId: string,
    loser: PersonScore,
    actor: Principal,
    writes: LinkWrites,
  ): boolean {
    if (loser.weakestWeight === undefined || loser.weakestWeight < this.policy.chainGuardWeight)
      return false;
    const survivors = this.state.othersIn(survivorId, record.recordId);
    const losers = this.state.othersIn(loser.personId, '');
    const bridge = this.foldBridge([record, ...survivors], survivors, losers);
    if (!bridge) return false;
    const { probability, weight } = bridge.weight;
    for (const moved of losers) {
      writes.links.set(moved.recordId, {
        recordId: moved.recordId,
        personId: survivorId,
        kind: 'auto',
        probability,
        weight,
      });
      this.state.move(moved.recordId, survivorId, 'auto');
    }
    writes.merged.set(loser.personId, survivorId);
    writes.touched.add(loser.personId);
    foldPendingTasks(writes, loser.personId, survivorId);
    const explanation = this.scorer.explain(
      bridge.survivorRecord.features,
      bridge.loserRecord.features,
    );
    writes.events.push({
      actor: actor.subject,
      kind: 'auto-merge',
      recordId: record.recordId,
      personId: survivorId,
      fromPersonId: loser.personId,
      probability,
      weight,
      explanation: {
        ...eventExplanation(explanation.explanation),
        recordId: bridge.survivorRecord.recordId,
        otherRecordId: bridge.loserRecord.recordId,
      },
      state: { moved: losers.map((m) => ({ recordId: m.recordId, kind: 'auto' })) },
    });
    return true;
  }

  /**
   * The strongest bridging pair between the survivor's stored records and the loser's, or
   * null when the two may not be folded (see foldSplitPersons).
   */
  private foldBridge(
    survivorSide: readonly MatchViewRecord[],
    survivors: readonly MatchViewRecord[],
    losers: readonly MatchViewRecord[],
  ): FoldBridge | null {
    // A steward who placed a record of either by hand (an unlink too) has curated them.
    if ([...survivors, ...losers].some((m) => m.linkKind === 'manual')) return null;
    if (![...survivorSide, ...losers].every((m) => this.hardNo.covers(m.recordId))) return null;
    const dedup = new Set(
      survivorSide.map((m) => m.source).filter((s) => this.deduplicatingSources.includes(s)),
    );
    if (losers.some((m) => dedup.has(m.source))) return null;
    let bridge: FoldBridge | null = null;
    for (const loserRecord of losers) {
      for (const survivorRecord of survivors) {
        if (this.hardNo.refuses(survivorRecord.recordId, loserRecord.recordId)) return null;
        if (this.scorer.contradicts(survivorRecord.features, loserRecord.features)) return null;
        const weight = this.scorer.weigh(survivorRecord.features, loserRecord.features);
        if (BRIDGING.has(weight.matchClass) && (!bridge || weight.weight > bridge.weight.weight))
          bridge = { survivorRecord, loserRecord, weight };
      }
    }
    return bridge;
  }

  /**
   * A source configured as deduplicating its own patients (MPI_DEDUPLICATING_SOURCES) means
   * its two record numbers are two people to it: a second record of it is not linked to a
   * person that already holds one, it is shown to a steward (Oracle's `SameSystemMatch`).
   */
  private holdSameSource(record: MatchViewRecord, decision: LinkDecision): LinkDecision {
    const target = decision.linkTo;
    if (!target || !this.deduplicatingSources.includes(record.source)) return decision;
    const sameSource = this.state
      .othersIn(target.personId, record.recordId)
      .some((m) => m.source === record.source);
    if (!sameSource) return decision;
    return { linkTo: null, reviews: [{ kind: 'same-source-duplicate', candidate: target }] };
  }

  private proposeReviews(
    record: MatchViewRecord,
    personId: string,
    decision: LinkDecision,
    writes: LinkWrites,
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
      ? this.state.othersIn(personId, record.recordId).find((m) => m.source === record.source)
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

/**
 * How alike a record of each of two persons must be for a third certain for both to fold them.
 * `probable` too folded a few more split persons (recall +0.003 on the generator) but also
 * two strangers of the families population: a steward decides those.
 */
const BRIDGING: ReadonlySet<MatchClass> = new Set<MatchClass>(['certain']);

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

/**
 * The tasks this run opened about a folded person name the survivor instead, as foldTasksPart
 * does for stored ones; a question the fold answered is dropped.
 */
function foldPendingTasks(writes: LinkWrites, loserId: string, survivorId: string): void {
  const follow = (id: string | null): string | null => (id === loserId ? survivorId : id);
  writes.tasks = writes.tasks
    .map((t) => ({
      ...t,
      personId: follow(t.personId),
      candidatePersonId: follow(t.candidatePersonId),
    }))
    .filter((t) => t.kind === 'same-source-duplicate' || t.personId !== t.candidatePersonId);
}

/** The persons a record is certain for: those the chain guard and the twin check read whole. */
export function certainPersons(scores: readonly PersonScore[]): string[] {
  return scores.filter((s) => s.matchClass === 'certain').map((s) => s.personId);
}

/** Each new person's records, when the caller supplied all of their demographics. */
export function newPersonMembers(
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
