import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { LinkageService } from './linkage.service';
import { MatchViewRecord, MatchViewRepository } from './match-view.repository';
import { LinkPass, RelinkCounts, tallyPasses } from './relink-tally';
import { ReviewTaskRepository } from './review-task.repository';

/** What deciding a relink batch again did. */
export interface Redecision {
  counts: Omit<RelinkCounts, 'keysRefreshed'>;
  /** Every person the batch's records were in or went to. */
  personIds: string[];
}

/**
 * The linkage half of a relink (records/relink.service.ts walks the store): stored records
 * decided again through the live linker, as re-sent records are, in the caller's transaction.
 *
 * Records linked by a steward are never re-decided: they stay, and their persons keep them.
 * The others are decided latest first (see pass), and once more when a record moved: the
 * first pass judged some records against persons that still held a record about to leave (as
 * a weak chain, say); the second decides each against the persons as they now stand and
 * closes the first pass's stale questions. A person all of whose records left is left empty.
 */
@Injectable()
export class RedecideService {
  constructor(
    private readonly matchView: MatchViewRepository,
    private readonly linkage: LinkageService,
    private readonly reviews: ReviewTaskRepository,
  ) {}

  /** The records and every record of their persons (in no particular order). */
  async withTheirPersons(manager: EntityManager, recordIds: string[]): Promise<string[]> {
    const own = await this.matchView.matchViewOf(manager, recordIds, []);
    const personIds = [...new Set(own.flatMap((r) => (r.personId ? [r.personId] : [])))];
    const members = await this.matchView.matchViewOf(manager, [], personIds);
    return [...new Set([...own, ...members].map((r) => r.recordId))];
  }

  /**
   * Decides the records (given in arrival order) again; `walked` are those whose decision is
   * final for this run, the rest pulled forward (see tallyPasses).
   */
  async redecide(
    manager: EntityManager,
    recordIds: string[],
    walked: ReadonlySet<string>,
    actor: Principal,
  ): Promise<Redecision> {
    const views = automatic(await this.viewsInOrder(manager, recordIds));
    // A batch of manual links only: nothing to decide.
    if (views.length === 0) return { counts: tallyPasses([], walked), personIds: [] };
    const first = await this.pass(manager, views, actor);
    const passes = [first];
    if (movedAny(first)) {
      const again = automatic(await this.viewsInOrder(manager, recordIds));
      passes.push(await this.pass(manager, again, actor));
    }
    const superseded = await this.reviews.supersedeMirroredDuplicates(manager, recordIds);
    const counts = tallyPasses(passes, walked);
    const dropped = superseded.filter((id) => walked.has(id)).length;
    return {
      counts: { ...counts, tasksOpened: counts.tasksOpened - dropped },
      personIds: personsOf(passes),
    };
  }

  private async viewsInOrder(m: EntityManager, ids: string[]): Promise<MatchViewRecord[]> {
    const views = new Map(
      (await this.matchView.matchViewOf(m, ids, [])).map((v) => [v.recordId, v]),
    );
    return ids.flatMap((id) => views.get(id) ?? []);
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

function movedAny(pass: LinkPass): boolean {
  return [...pass.results].some(([id, r]) => r.personId !== pass.before.get(id));
}

function personsOf(passes: LinkPass[]): string[] {
  const ids = new Set<string>();
  for (const pass of passes) {
    for (const p of pass.before.values()) if (p) ids.add(p);
    for (const r of pass.results.values()) ids.add(r.personId);
  }
  return [...ids];
}
