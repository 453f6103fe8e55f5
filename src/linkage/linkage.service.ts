import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { ReviewTaskRepository } from './review-task.repository';
import { Candidate, CandidateRepository } from '../scoring/candidate.repository';
import { PairScorer } from '../scoring/pair-scorer';
import { GoldenRecordService } from './golden-record.service';
import { LinkDecision, PersonScore, decideLink } from './link-decision';
import { LinkedRecord, PersonRepository } from './person.repository';

/** How one record ended up: linked to a person automatically, alone, or left as a steward set it. */
export interface LinkResult {
  personId: string;
  link: 'auto' | 'own-person' | 'manual';
  /** Review tasks opened for it. */
  reviews: number;
}

/**
 * Live linkage, inside the ingest transaction: block, score against the candidates,
 * aggregate per person, decide, then apply the decision and recompute golden records.
 * Manual links never move by themselves; automatic ones follow the data.
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
    const touched = new Set<string>();
    const results = new Map<string, LinkResult>();
    for (const record of await this.persons.recordsById(manager, recordIds)) {
      const result = await this.linkRecord(manager, record, actor);
      results.set(record.recordId, result);
      touched.add(result.personId);
      if (record.personId && record.personId !== result.personId) touched.add(record.personId);
    }
    await this.golden.recompute(manager, [...touched]);
    return results;
  }

  private async linkRecord(manager: EntityManager, record: LinkedRecord, actor: Principal): Promise<LinkResult> {
    if (record.linkKind === 'manual' && record.personId) {
      return { personId: record.personId, link: 'manual', reviews: 0 };
    }
    const scores = await this.scoreAgainstPersons(manager, record);
    const decision = decideLink(scores, this.scorer.chainGuardWeight);
    await this.reviews.obsoleteOpenTasksOfRecord(manager, record.recordId);
    const personId = await this.applyLink(manager, record, decision, actor);
    const reviews = await this.openReviews(manager, record, personId, decision);
    return { personId, link: decision.linkTo ? 'auto' : 'own-person', reviews };
  }

  private async scoreAgainstPersons(manager: EntityManager, record: LinkedRecord): Promise<PersonScore[]> {
    const keys = this.scorer.lookupKeyTokens(record.features);
    const { candidates } = await this.candidates.findByBlockingKeys(manager, keys, record.recordId, this.scorer.capPerKey);
    const hardNo = await this.persons.hardNoPartners(manager, record.recordId);
    const refused = new Set(candidates.filter((c) => hardNo.has(c.recordId)).map((c) => c.personId));
    const best = new Map<string, { candidate: Candidate; weight: number }>();
    for (const candidate of candidates) {
      if (refused.has(candidate.personId)) continue;
      const { weight } = this.scorer.weigh(record.features, candidate.features);
      const current = best.get(candidate.personId);
      if (!current || weight > current.weight) best.set(candidate.personId, { candidate, weight });
    }
    // Only each person's best pair is explained: that is what a steward or an audit reads.
    const scores = [...best.values()].map(({ candidate }): PersonScore => {
      const score = this.scorer.explain(record.features, candidate.features);
      return { personId: candidate.personId, bestRecordId: candidate.recordId, weight: score.weight, probability: score.probability, matchClass: score.matchClass, explanation: score.explanation };
    });
    await this.guardChains(manager, record, scores);
    return scores;
  }

  /** For persons the record is certain for, the weakest pair with their other records. */
  private async guardChains(manager: EntityManager, record: LinkedRecord, scores: PersonScore[]): Promise<void> {
    const certain = scores.filter((s) => s.matchClass === 'certain');
    if (certain.length === 0) return;
    const members = await this.persons.recordsOfPersons(manager, certain.map((s) => s.personId));
    for (const score of certain) {
      const others = members.filter((m) => m.personId === score.personId && m.recordId !== record.recordId);
      const weights = others.map((m) => this.scorer.weigh(record.features, m.features).weight);
      score.weakestWeight = weights.length > 0 ? Math.min(...weights) : score.weight;
    }
  }

  private async applyLink(manager: EntityManager, record: LinkedRecord, decision: LinkDecision, actor: Principal): Promise<string> {
    const target = decision.linkTo;
    if (target) {
      if (record.personId === target.personId) {
        await this.persons.setLink(manager, record.recordId, target.personId, 'auto', target);
        return target.personId;
      }
      await this.persons.setLink(manager, record.recordId, target.personId, 'auto', target);
      await this.persons.insertEvent(manager, {
        actor: actor.subject,
        kind: 'auto-link',
        recordId: record.recordId,
        personId: target.personId,
        fromPersonId: record.personId,
        probability: target.probability,
        weight: target.weight,
        explanation: target.explanation,
      });
      return target.personId;
    }
    if (record.personId && !(await this.sharesPerson(manager, record))) return record.personId;
    const personId = await this.persons.createPerson(manager);
    await this.persons.setLink(manager, record.recordId, personId, 'auto', { probability: null, weight: null });
    await this.persons.insertEvent(manager, {
      actor: actor.subject,
      kind: 'new-person',
      recordId: record.recordId,
      personId,
      fromPersonId: record.personId,
    });
    return personId;
  }

  private async sharesPerson(manager: EntityManager, record: LinkedRecord): Promise<boolean> {
    if (!record.personId) return false;
    const members = await this.persons.recordsOfPersons(manager, [record.personId]);
    return members.some((m) => m.recordId !== record.recordId);
  }

  private async openReviews(manager: EntityManager, record: LinkedRecord, personId: string, decision: LinkDecision): Promise<number> {
    for (const review of decision.reviews) {
      await this.reviews.open(manager, {
        kind: review.kind,
        recordId: record.recordId,
        personId,
        candidatePersonId: review.candidate.personId,
        source: record.source,
        probability: review.candidate.probability,
        weight: review.candidate.weight,
        explanation: review.candidate.explanation,
      });
    }
    const duplicate = decision.linkTo ? await this.flagSameSourceDuplicate(manager, record, personId) : false;
    return decision.reviews.length + (duplicate ? 1 : 0);
  }

  /** Two records of one source in one person: the source itself holds a duplicate. */
  private async flagSameSourceDuplicate(manager: EntityManager, record: LinkedRecord, personId: string): Promise<boolean> {
    const members = await this.persons.recordsOfPersons(manager, [personId]);
    const twin = members.find((m) => m.source === record.source && m.recordId !== record.recordId);
    if (!twin) return false;
    await this.reviews.open(manager, {
      kind: 'same-source-duplicate',
      recordId: record.recordId,
      personId,
      candidatePersonId: personId,
      source: record.source,
      probability: null,
      weight: null,
      explanation: { otherRecordId: twin.recordId },
    });
    return true;
  }
}
