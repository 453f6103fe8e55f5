import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { GoldenRecordService } from './golden-record.service';
import { LinkRepository } from './link.repository';
import { ReviewTaskRepository } from './review-task.repository';
import { MatchViewRepository } from './match-view.repository';
import { PersonRepository } from './person.repository';
import { GOLDEN_FIELDS, GoldenField, GoldenValue, Pins } from './golden-record';

export interface ActionResult {
  eventId: number;
  personIds: string[];
}

/**
 * What a steward can do to links: link, unlink, merge, not-a-match, pin a golden value, and
 * undo any of those (or an automatic link). Each is one transaction with its event and audit
 * entry; each event stores what undo needs to put things back.
 */
@Injectable()
export class StewardActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly persons: PersonRepository,
    private readonly links: LinkRepository,
    private readonly matchView: MatchViewRepository,
    private readonly golden: GoldenRecordService,
    private readonly audit: AuditService,
    private readonly tasks: ReviewTaskRepository,
  ) {}

  linkRecord(
    recordId: string,
    personId: string,
    actor: Principal,
    reason: string | null,
    within?: EntityManager,
  ): Promise<ActionResult> {
    return this.inTransaction(actor, 'link.manual', within, async (m) => {
      const record = await this.requireRecord(m, recordId);
      await this.requireActivePerson(m, personId);
      await this.links.setLink(m, recordId, personId, 'manual', {
        probability: null,
        weight: null,
      });
      const eventId = await this.links.insertEvent(m, {
        actor: actor.subject,
        kind: 'manual-link',
        recordId,
        personId,
        fromPersonId: record.personId,
        reason,
        state: { previousKind: record.linkKind },
      });
      return { eventId, personIds: compact([personId, record.personId]) };
    });
  }

  /** Takes a record out of its person into a person of its own, pinned there by hand. */
  unlinkRecord(recordId: string, actor: Principal, reason: string | null): Promise<ActionResult> {
    return this.inTransaction(actor, 'link.unlink', undefined, async (m) => {
      const record = await this.requireRecord(m, recordId);
      const personId = await this.persons.createPerson(m);
      await this.links.setLink(m, recordId, personId, 'manual', {
        probability: null,
        weight: null,
      });
      const eventId = await this.links.insertEvent(m, {
        actor: actor.subject,
        kind: 'unlink',
        recordId,
        personId,
        fromPersonId: record.personId,
        reason,
        state: { previousKind: record.linkKind },
      });
      return { eventId, personIds: compact([personId, record.personId]) };
    });
  }

  /** Moves every record of `loserId` to `survivorId`; the loser's id then points to the survivor. */
  mergePersons(
    loserId: string,
    survivorId: string,
    actor: Principal,
    reason: string | null,
    within?: EntityManager,
  ): Promise<ActionResult> {
    return this.inTransaction(actor, 'person.merge', within, async (m) => {
      if (loserId === survivorId)
        throw new MpiError('invalid-input', 'a person cannot be merged into itself');
      await this.persons.lockPersons(m, [loserId, survivorId]);
      await this.requireActivePerson(m, loserId);
      await this.requireActivePerson(m, survivorId);
      const moved = await this.matchView.recordsOfPersons(m, [loserId]);
      for (const r of moved)
        await this.links.setLink(m, r.recordId, survivorId, 'manual', {
          probability: null,
          weight: null,
        });
      await this.persons.setMerged(m, loserId, survivorId);
      // As the linker's fold does: open questions about the merged person ask about the
      // survivor, and one the merge answered (the two persons' own question) is retired.
      await this.tasks.foldTasks(m, new Map([[loserId, survivorId]]));
      const eventId = await this.links.insertEvent(m, {
        actor: actor.subject,
        kind: 'merge',
        personId: survivorId,
        fromPersonId: loserId,
        reason,
        state: { moved: moved.map((r) => ({ recordId: r.recordId, kind: r.linkKind })) },
      });
      return { eventId, personIds: [survivorId, loserId] };
    });
  }

  /** A steward's "not a match" holds for ever: no pair of these records is linked automatically. */
  notAMatch(
    recordId: string,
    personId: string,
    actor: Principal,
    reason: string | null,
    within?: EntityManager,
  ): Promise<ActionResult> {
    return this.inTransaction(actor, 'link.not-a-match', within, async (m) => {
      const record = await this.requireRecord(m, recordId);
      const members = await this.matchView.recordsOfPersons(m, [personId]);
      for (const other of members) {
        if (other.recordId !== recordId)
          await this.links.addHardNo(m, recordId, other.recordId, actor.subject);
      }
      const eventId = await this.links.insertEvent(m, {
        actor: actor.subject,
        kind: 'not-a-match',
        recordId,
        personId,
        fromPersonId: record.personId,
        reason,
        state: { others: members.map((r) => r.recordId).filter((id) => id !== recordId) },
      });
      if (record.personId === personId) {
        // The record sits in the person the steward says it is not: give it its own.
        const own = await this.persons.createPerson(m);
        await this.links.setLink(m, recordId, own, 'manual', { probability: null, weight: null });
        return { eventId, personIds: [personId, own] };
      }
      return { eventId, personIds: [personId] };
    });
  }

  pinValue(
    personId: string,
    field: string,
    value: GoldenValue | null,
    actor: Principal,
    reason: string | null,
  ): Promise<ActionResult> {
    return this.inTransaction(actor, 'person.pin', undefined, async (m) => {
      if (!(GOLDEN_FIELDS as string[]).includes(field))
        throw new MpiError('invalid-input', `unknown golden field ${field}`);
      const state = await this.requireActivePerson(m, personId);
      const pins: Pins = { ...state.pins };
      const previous = pins[field as GoldenField];
      if (value === null) delete pins[field as GoldenField];
      else pins[field as GoldenField] = value;
      await this.persons.setPins(m, personId, pins);
      const eventId = await this.links.insertEvent(m, {
        actor: actor.subject,
        kind: 'pin',
        personId,
        reason,
        state: { field, previous: previous ?? null },
      });
      return { eventId, personIds: [personId] };
    });
  }

  private async requireRecord(m: EntityManager, recordId: string) {
    const [record] = await this.matchView.recordsById(m, [recordId]);
    if (!record) throw new MpiError('not-found', 'no such source record');
    return record;
  }

  private async requireActivePerson(m: EntityManager, personId: string) {
    const state = await this.persons.personState(m, personId);
    if (!state) throw new MpiError('not-found', 'no such person');
    if (state.status === 'merged')
      throw new MpiError('conflict', 'the person was merged into another');
    return state;
  }

  /** Runs `work` in the caller's transaction (`within`), else in a transaction of its own. */
  private inTransaction(
    actor: Principal,
    action: string,
    within: EntityManager | undefined,
    work: (m: EntityManager) => Promise<ActionResult>,
  ): Promise<ActionResult> {
    const run = async (m: EntityManager): Promise<ActionResult> => {
      const result = await work(m);
      await this.golden.recompute(m, result.personIds);
      await this.audit.record(m, actor, {
        action,
        outcome: 'success',
        personIds: result.personIds,
        detail: { eventId: result.eventId },
      });
      return result;
    };
    return within ? run(within) : this.dataSource.transaction(run);
  }
}

function compact(ids: (string | null)[]): string[] {
  return ids.filter((id): id is string => id !== null);
}
