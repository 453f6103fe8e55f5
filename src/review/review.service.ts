import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { RecordSide } from '../linkage/match-view.repository';
import { PersonReadService, PersonView } from '../linkage/person-read.service';
import {
  ReviewTaskRepository,
  ReviewTaskRow,
  ReviewTaskWithExplanation,
} from '../linkage/review-task.repository';
import { StewardActionsService } from '../linkage/steward-actions.service';
import { Decision, ReviewQueryDto } from './review-query.dto';

export interface ReviewTaskDetail {
  task: ReviewTaskWithExplanation;
  record: RecordSide | null;
  /** The person the record sits in now. */
  person: PersonView | null;
  /** The person the engine or a rule proposes. */
  candidate: PersonView | null;
}

/** The steward queue: filter, page, count, and decide (through the steward actions). */
@Injectable()
export class ReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly actions: StewardActionsService,
    private readonly audit: AuditService,
    private readonly persons: PersonReadService,
    private readonly tasks: ReviewTaskRepository,
  ) {}

  async list(
    q: ReviewQueryDto,
  ): Promise<{ total: number; page: number; pageSize: number; tasks: ReviewTaskRow[] }> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const filter = {
      status: q.status ?? 'open',
      kind: q.kind ?? null,
      source: q.source ?? null,
      minScore: q.minScore ?? null,
      maxScore: q.maxScore ?? null,
      minAgeHours: q.minAgeHours ?? null,
      assignee: q.assignee ?? null,
    };
    const m = this.dataSource.manager;
    const total = await this.tasks.count(m, filter);
    const sort = q.sort ?? 'created_at';
    const tasks = await this.tasks.page(m, filter, sort, pageSize, (page - 1) * pageSize);
    return { total, page, pageSize, tasks };
  }

  async counts(): Promise<{
    byKind: Record<string, number>;
    byAge: Record<string, number>;
    open: number;
  }> {
    const rows = await this.tasks.openByKindAndAge(this.dataSource.manager);
    const byKind: Record<string, number> = {};
    const byAge: Record<string, number> = { 'under-1d': 0, '1-7d': 0, 'over-7d': 0 };
    for (const r of rows) {
      byKind[r.kind] = (byKind[r.kind] ?? 0) + r.n;
      byAge[r.bucket] = (byAge[r.bucket] ?? 0) + r.n;
    }
    return { byKind, byAge, open: rows.reduce((s, r) => s + r.n, 0) };
  }

  async task(id: string): Promise<ReviewTaskWithExplanation> {
    const task = await this.tasks.find(this.dataSource.manager, id);
    if (!task) throw new MpiError('not-found', 'no such review task');
    return task;
  }

  /** A task with both sides: the record (and its current person) and the candidate person. */
  async taskWithSides(id: string, actor: Principal): Promise<ReviewTaskDetail> {
    const task = await this.task(id);
    const record = task.record_id ? await this.persons.recordSide(task.record_id) : null;
    const person = task.person_id ? await this.persons.person(task.person_id, actor) : null;
    const candidate = task.candidate_person_id
      ? await this.persons.person(task.candidate_person_id, actor)
      : null;
    return { task, record, person, candidate };
  }

  /**
   * Decides an open task: the steward's action and the task's new status commit together or
   * not at all. The task's row is locked first, so of two stewards deciding one task at once
   * the second waits, then finds it decided.
   */
  decide(
    id: string,
    decision: Decision,
    reason: string | null,
    actor: Principal,
  ): Promise<ReviewTaskRow> {
    return this.dataSource.transaction(async (m) => {
      const task = await this.tasks.lockForDecision(m, id);
      if (!task) throw new MpiError('not-found', 'no such review task');
      if (task.status !== 'open') throw new MpiError('conflict', 'the task was already decided');
      // Decided before the action runs, so a merge's re-pointing of open tasks leaves it be.
      const decided = await this.tasks.markDecided(m, id, {
        by: actor.subject,
        decision,
        reason,
      });
      if (!decided) throw new MpiError('conflict', 'the task was decided meanwhile');
      await this.apply(m, task, decision, reason, actor);
      return decided;
    });
  }

  private async apply(
    m: EntityManager,
    task: ReviewTaskRow,
    decision: Decision,
    reason: string | null,
    actor: Principal,
  ): Promise<void> {
    const candidate = task.candidate_person_id;
    if (decision === 'keep-separate') {
      await this.audit.record(m, actor, {
        action: 'review.keep-separate',
        outcome: 'success',
        recordIds: task.record_id ? [task.record_id] : [],
      });
      return;
    }
    if (!candidate) throw new MpiError('invalid-input', 'the task names no candidate person');
    if (decision === 'link') {
      if (!task.record_id) throw new MpiError('invalid-input', 'the task names no record');
      await this.actions.linkRecord(task.record_id, candidate, actor, reason, m);
    } else if (decision === 'merge') {
      if (!task.person_id || task.person_id === candidate)
        throw new MpiError('invalid-input', 'the task has no two persons to merge');
      await this.actions.mergePersons(candidate, task.person_id, actor, reason, m);
    } else {
      if (!task.record_id) throw new MpiError('invalid-input', 'the task names no record');
      await this.actions.notAMatch(task.record_id, candidate, actor, reason, m);
    }
  }

  async assign(id: string, assignee: string, actor: Principal): Promise<ReviewTaskRow> {
    return this.dataSource.transaction(async (m) => {
      const task = await this.tasks.assign(m, id, assignee);
      if (!task) throw new MpiError('conflict', 'no open task with that id');
      await this.audit.record(m, actor, {
        action: 'review.assign',
        outcome: 'success',
        detail: { taskId: id },
      });
      return task;
    });
  }
}
