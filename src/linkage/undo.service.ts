import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { GoldenRecordService } from './golden-record.service';
import { LinkRepository } from './link.repository';
import { PersonRepository } from './person.repository';
import { GoldenField, GoldenValue, Pins } from './golden-record';

interface StoredEvent {
  id: number;
  kind: string;
  record_id: string | null;
  person_id: string | null;
  from_person_id: string | null;
  undone_by: number | null;
  state: {
    previousKind?: 'auto' | 'manual' | null;
    moved?: { recordId: string; kind: 'auto' | 'manual' | null }[];
    others?: string[];
    field?: GoldenField;
    previous?: GoldenValue | null;
  };
}

/** Undo of any link event: each kind knows its inverse; an event is undone at most once. */
@Injectable()
export class UndoService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly persons: PersonRepository,
    private readonly links: LinkRepository,
    private readonly golden: GoldenRecordService,
    private readonly audit: AuditService,
  ) {}

  undo(
    eventId: number,
    actor: Principal,
    reason: string | null,
  ): Promise<{ eventId: number; personIds: string[] }> {
    return this.dataSource.transaction(async (m) => {
      const event: StoredEvent | undefined = await this.links.lockEvent(m, eventId);
      if (!event) throw new MpiError('not-found', 'no such event');
      if (event.undone_by !== null) throw new MpiError('conflict', 'the event was already undone');
      const personIds = await this.invert(m, event);
      const undoId = await this.links.insertEvent(m, {
        actor: actor.subject,
        kind: 'undo',
        recordId: event.record_id,
        personId: event.from_person_id,
        fromPersonId: event.person_id,
        undoOf: event.id,
        reason,
      });
      await this.links.markUndone(m, event.id, undoId);
      await this.golden.recompute(m, personIds);
      await this.audit.record(m, actor, {
        action: 'link.undo',
        outcome: 'success',
        personIds,
        detail: { eventId, undoId },
      });
      return { eventId: undoId, personIds };
    });
  }

  private async invert(m: EntityManager, e: StoredEvent): Promise<string[]> {
    switch (e.kind) {
      case 'auto-link':
      case 'manual-link':
      case 'unlink':
        return this.moveBack(m, e);
      case 'new-person':
        return this.leaveNewPerson(m, e);
      case 'merge':
      case 'auto-merge':
        return this.unmerge(m, e);
      case 'not-a-match':
        return this.forgetNotAMatch(m, e);
      case 'pin':
        return this.unpin(m, e);
      default:
        throw new MpiError('invalid-input', `an event of kind ${e.kind} cannot be undone`);
    }
  }

  /** Puts the record back where it was before the event (its own person if it had none). */
  private async moveBack(m: EntityManager, e: StoredEvent): Promise<string[]> {
    if (!e.record_id) throw new MpiError('invalid-input', 'the event names no record');
    let target = e.from_person_id;
    if (target) {
      const state = await this.persons.personState(m, target);
      if (state?.status === 'merged')
        throw new MpiError('conflict', 'the earlier person has since been merged');
    } else {
      target = await this.persons.createPerson(m);
    }
    await this.links.setLink(m, e.record_id, target, 'manual', {
      probability: null,
      weight: null,
    });
    return [target, ...(e.person_id ? [e.person_id] : [])];
  }

  /**
   * A record that left a person for one of its own (a re-sent record, or a relink under a new
   * model, no longer matched) goes back, as after an unlink. A record's first person has no
   * earlier place to go back to.
   */
  private async leaveNewPerson(m: EntityManager, e: StoredEvent): Promise<string[]> {
    if (!e.from_person_id)
      throw new MpiError('invalid-input', "a record's first person cannot be undone");
    return this.moveBack(m, e);
  }

  private async unmerge(m: EntityManager, e: StoredEvent): Promise<string[]> {
    if (!e.from_person_id || !e.person_id)
      throw new MpiError('invalid-input', 'the merge event is incomplete');
    for (const moved of e.state.moved ?? []) {
      await this.links.setLink(m, moved.recordId, e.from_person_id, moved.kind ?? 'auto', {
        probability: null,
        weight: null,
      });
    }
    await this.persons.setMerged(m, e.from_person_id, null);
    return [e.person_id, e.from_person_id];
  }

  private async forgetNotAMatch(m: EntityManager, e: StoredEvent): Promise<string[]> {
    if (!e.record_id) throw new MpiError('invalid-input', 'the event names no record');
    for (const other of e.state.others ?? []) {
      const [a, b] = e.record_id < other ? [e.record_id, other] : [other, e.record_id];
      await this.links.forgetHardNo(m, a, b);
    }
    if (e.from_person_id && e.from_person_id === e.person_id) return this.moveBack(m, e);
    return e.person_id ? [e.person_id] : [];
  }

  private async unpin(m: EntityManager, e: StoredEvent): Promise<string[]> {
    if (!e.person_id || !e.state.field)
      throw new MpiError('invalid-input', 'the pin event is incomplete');
    const state = await this.persons.personState(m, e.person_id);
    const pins: Pins = { ...(state?.pins ?? {}) };
    if (e.state.previous === null || e.state.previous === undefined) delete pins[e.state.field];
    else pins[e.state.field] = e.state.previous;
    await this.persons.setPins(m, e.person_id, pins);
    return [e.person_id];
  }
}
