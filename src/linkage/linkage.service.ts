import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { Candidate, CandidateRepository } from '../scoring/candidate.repository';
import { PairScorer } from '../scoring/pair-scorer';
import { GoldenRecordService } from './golden-record.service';
import { LinkDecision, PersonScore, decideLink } from './link-decision';
import { LinkEventInput, LinkedRecord, PersonRepository } from './person.repository';
import { NewReviewTask, ReviewTaskRepository } from './review-task.repository';

/** How one record ended up: linked to a person automatically, alone, or left as a steward set it. */
export interface LinkResult {
  personId: string;
  link: 'auto' | 'own-person' | 'manual';
  /** Review tasks opened for it. */
  reviews: number;
}

/** What one batch's linkage writes besides the links themselves, written once at its end. */
interface BatchWrites {
  events: LinkEventInput[];
  tasks: NewReviewTask[];
  touched: Set<string>;
}

/**
 * Live linkage, inside the ingest transaction: block, score against the candidates,
 * aggregate per person, decide, then apply the decision and recompute golden records.
 * Manual links never move by themselves; automatic ones follow the data. Links are written
 * record by record (the next record must see them); events, tasks and golden records once
 * per batch, to keep round trips per record few.
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

  async linkRecords(manager: EntityManager, recordIds: string[], actor: Principal): Promise<Map<string, LinkResult>> {
    const writes: BatchWrites = { events: [], tasks: [], touched: new Set() };
    const results = new Map<string, LinkResult>();
    const records = await this.persons.recordsById(manager, recordIds);
    const updated = records.filter((r) => r.personId !== null).map((r) => r.recordId);
    await this.reviews.obsoleteOpenTasksOfRecords(manager, updated);
    for (const record of records) {
      const result = await this.linkRecord(manager, record, actor, writes);
      results.set(record.recordId, result);
      writes.touched.add(result.personId);
      if (record.personId && record.personId !== result.personId) writes.touched.add(record.personId);
    }
    await this.persons.insertEvents(manager, writes.events);
    await this.reviews.openMany(manager, writes.tasks);
    await this.golden.recompute(manager, [...writes.touched]);
    return results;
  }

  private async linkRecord(manager: EntityManager, record: LinkedRecord, actor: Principal, writes: BatchWrites): Promise<LinkResult> {
    if (record.linkKind === 'manual' && record.personId) {
      return { personId: record.personId, link: 'manual', reviews: 0 };
    }
    const scores = await this.scoreAgainstPersons(manager, record);
    const certain = scores.filter((s) => s.matchClass === 'certain').map((s) => s.personId);
    const members = await this.persons.recordsOfPersons(manager, record.personId ? [...certain, record.personId] : certain);
    this.guardChains(record, scores, members);
    const decision = decideLink(scores, this.scorer.chainGuardWeight);
    const personId = await this.applyLink(manager, record, decision, members, actor, writes);
    const reviews = this.proposeReviews(record, personId, decision, members, writes);
    return { personId, link: decision.linkTo ? 'auto' : 'own-person', reviews };
  }

  private async scoreAgainstPersons(manager: EntityManager, record: LinkedRecord): Promise<PersonScore[]> {
    const keys = this.scorer.lookupKeyTokens(record.features);
    const { candidates } = await this.candidates.findByBlockingKeys(manager, keys, record.recordId, this.scorer.capPerKey);
    // A steward's "not a match" with any record of a person rules the whole person out.
    const refused = new Set(candidates.filter((c) => c.refused).map((c) => c.personId));
    const best = new Map<string, PersonScore>();
    for (const candidate of candidates) {
      if (refused.has(candidate.personId)) continue;
      const score = this.scorer.weigh(record.features, candidate.features);
      const current = best.get(candidate.personId);
      if (!current || score.weight > current.weight) best.set(candidate.personId, personScore(candidate, score));
    }
    return [...best.values()];
  }

  /** For persons the record is certain for, the weakest pair with their other records. */
  private guardChains(record: LinkedRecord, scores: PersonScore[], members: LinkedRecord[]): void {
    for (const score of scores.filter((s) => s.matchClass === 'certain')) {
      const others = members.filter((m) => m.personId === score.personId && m.recordId !== record.recordId);
      const weights = others.map((m) => this.scorer.weigh(record.features, m.features).weight);
      score.weakestWeight = weights.length > 0 ? Math.min(...weights) : score.weight;
    }
  }

  /** Explanations are built only where someone will read them: links and review tasks. */
  private explain(record: LinkedRecord, score: PersonScore, members: LinkedRecord[], candidateFeatures?: LinkedRecord['features']): unknown {
    const other = candidateFeatures ?? members.find((m) => m.recordId === score.bestRecordId)?.features;
    return other ? this.scorer.explain(record.features, other).explanation : null;
  }

  private async applyLink(
    manager: EntityManager,
    record: LinkedRecord,
    decision: LinkDecision,
    members: LinkedRecord[],
    actor: Principal,
    writes: BatchWrites,
  ): Promise<string> {
    const target = decision.linkTo;
    if (target) {
      await this.persons.setLink(manager, record.recordId, target.personId, 'auto', target);
      if (record.personId !== target.personId) {
        writes.events.push({
          actor: actor.subject,
          kind: 'auto-link',
          recordId: record.recordId,
          personId: target.personId,
          fromPersonId: record.personId,
          probability: target.probability,
          weight: target.weight,
          explanation: this.explain(record, target, members, target.bestFeatures),
        });
      }
      return target.personId;
    }
    const alone = !members.some((m) => m.personId === record.personId && m.recordId !== record.recordId);
    if (record.personId && alone) return record.personId;
    const personId = await this.persons.createPerson(manager);
    await this.persons.setLink(manager, record.recordId, personId, 'auto', { probability: null, weight: null });
    writes.events.push({ actor: actor.subject, kind: 'new-person', recordId: record.recordId, personId, fromPersonId: record.personId });
    return personId;
  }

  private proposeReviews(record: LinkedRecord, personId: string, decision: LinkDecision, members: LinkedRecord[], writes: BatchWrites): number {
    for (const review of decision.reviews) {
      writes.tasks.push({
        kind: review.kind,
        recordId: record.recordId,
        personId,
        candidatePersonId: review.candidate.personId,
        source: record.source,
        probability: review.candidate.probability,
        weight: review.candidate.weight,
        explanation: this.explain(record, review.candidate, members, review.candidate.bestFeatures),
      });
    }
    // Two records of one source in one person: the source itself holds a duplicate.
    const twin = decision.linkTo
      ? members.find((m) => m.personId === personId && m.source === record.source && m.recordId !== record.recordId)
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

function personScore(candidate: Candidate, score: { weight: number; probability: number; matchClass: PersonScore['matchClass'] }): PersonScore {
  return {
    personId: candidate.personId,
    bestRecordId: candidate.recordId,
    bestFeatures: candidate.features,
    weight: score.weight,
    probability: score.probability,
    matchClass: score.matchClass,
    explanation: null,
  };
}
