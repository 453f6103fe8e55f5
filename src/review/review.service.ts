import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { PersonReadService, PersonView } from '../linkage/person-read.service';
import { StewardActionsService } from '../linkage/steward-actions.service';
import { Demographics } from '../formats/demographics';
import { Decision, ReviewQueryDto } from './review-query.dto';

export interface ReviewTaskRow {
  id: string;
  kind: string;
  /** Why it was opened (src/matching/rules/review-reason.ts). */
  reason_code: string;
  status: string;
  record_id: string | null;
  person_id: string | null;
  candidate_person_id: string | null;
  source: string | null;
  probability: number | null;
  weight: number | null;
  assignee: string | null;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  decision: string | null;
  reason: string | null;
  /** The sources of the candidate person's records (in list answers), for staffing by source. */
  candidate_sources?: string[] | null;
}

export interface ReviewTaskDetail {
  task: ReviewTaskRow & { explanation: unknown };
  record: {
    recordId: string;
    source: string;
    changedAt: string;
    demographics: Demographics;
  } | null;
  /** The person the record sits in now. */
  person: PersonView | null;
  /** The person the engine or a rule proposes. */
  candidate: PersonView | null;
}

const SORTS: Record<string, string> = {
  created_at: 'created_at asc, id',
  '-created_at': 'created_at desc, id',
  probability: 'probability asc nulls last, id',
  '-probability': 'probability desc nulls last, id',
};

/** The steward queue: filter, page, count, and decide (through the steward actions). */
@Injectable()
export class ReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly actions: StewardActionsService,
    private readonly audit: AuditService,
    private readonly persons: PersonReadService,
  ) {}

  async list(
    q: ReviewQueryDto,
  ): Promise<{ total: number; page: number; pageSize: number; tasks: ReviewTaskRow[] }> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const params = [
      q.status ?? 'open',
      q.kind ?? null,
      q.source ?? null,
      q.minScore ?? null,
      q.maxScore ?? null,
      q.minAgeHours ?? null,
      q.assignee ?? null,
    ];
    const where = `status = $1 and ($2::text is null or kind = $2) and ($3::text is null or source = $3)
      and ($4::float8 is null or probability >= $4) and ($5::float8 is null or probability <= $5)
      and ($6::int is null or created_at <= now() - make_interval(hours => $6)) and ($7::text is null or assignee = $7)`;
    const [count] = (await this.dataSource.query(
      `select count(*)::int as n from review_task where ${where}`,
      params,
    )) as { n: number }[];
    const tasks: ReviewTaskRow[] = await this.dataSource.query(
      `select id, kind, status, record_id, person_id, candidate_person_id, source, probability, weight, assignee,
              created_at, decided_at, decided_by, decision, reason, reason_code,
              (select array_agg(distinct r.source order by r.source)
                 from record_link l join source_record r on r.id = l.record_id
                where l.person_id = review_task.candidate_person_id) as candidate_sources
         from review_task where ${where} order by ${SORTS[q.sort ?? 'created_at']} limit $8 offset $9`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { total: count?.n ?? 0, page, pageSize, tasks };
  }

  async counts(): Promise<{
    byKind: Record<string, number>;
    byAge: Record<string, number>;
    open: number;
  }> {
    const rows: { kind: string; bucket: string; n: number }[] = await this.dataSource.query(
      `select kind, case when created_at > now() - interval '1 day' then 'under-1d'
                          when created_at > now() - interval '7 days' then '1-7d' else 'over-7d' end as bucket,
              count(*)::int as n
         from review_task where status = 'open' group by 1, 2`,
    );
    const byKind: Record<string, number> = {};
    const byAge: Record<string, number> = { 'under-1d': 0, '1-7d': 0, 'over-7d': 0 };
    for (const r of rows) {
      byKind[r.kind] = (byKind[r.kind] ?? 0) + r.n;
      byAge[r.bucket] = (byAge[r.bucket] ?? 0) + r.n;
    }
    return { byKind, byAge, open: rows.reduce((s, r) => s + r.n, 0) };
  }

  async task(id: string): Promise<ReviewTaskRow & { explanation: unknown }> {
    const rows: (ReviewTaskRow & { explanation: unknown })[] = await this.dataSource.query(
      `select * from review_task where id = $1`,
      [id],
    );
    const task = rows[0];
    if (!task) throw new MpiError('not-found', 'no such review task');
    return task;
  }

  /** A task with both sides: the record (and its current person) and the candidate person. */
  async taskWithSides(id: string, actor: Principal): Promise<ReviewTaskDetail> {
    const task = await this.task(id);
    const record = task.record_id ? await this.recordSide(task.record_id) : null;
    const person = task.person_id ? await this.persons.person(task.person_id, actor) : null;
    const candidate = task.candidate_person_id
      ? await this.persons.person(task.candidate_person_id, actor)
      : null;
    return { task, record, person, candidate };
  }

  private async recordSide(recordId: string): Promise<ReviewTaskDetail['record']> {
    const rows: { id: string; source: string; demographics: Demographics; changed_at: Date }[] =
      await this.dataSource.query(
        `select id, source, demographics, changed_at from source_record where id = $1`,
        [recordId],
      );
    const row = rows[0];
    return row
      ? {
          recordId: row.id,
          source: row.source,
          changedAt: row.changed_at.toISOString(),
          demographics: row.demographics,
        }
      : null;
  }

  async decide(
    id: string,
    decision: Decision,
    reason: string | null,
    actor: Principal,
  ): Promise<ReviewTaskRow> {
    const task = await this.task(id);
    if (task.status !== 'open') throw new MpiError('conflict', 'the task was already decided');
    await this.apply(task, decision, reason, actor);
    const rows: ReviewTaskRow[][] = await this.dataSource.query(
      `update review_task set status = 'decided', decided_at = now(), decided_by = $2, decision = $3, reason = $4
        where id = $1 and status = 'open' returning *`,
      [id, actor.subject, decision, reason],
    );
    const updated = rows[0]?.[0];
    if (!updated) throw new MpiError('conflict', 'the task was decided meanwhile');
    return updated;
  }

  private async apply(
    task: ReviewTaskRow,
    decision: Decision,
    reason: string | null,
    actor: Principal,
  ): Promise<void> {
    const candidate = task.candidate_person_id;
    if (decision === 'keep-separate') {
      await this.dataSource.transaction((m) =>
        this.audit.record(m, actor, {
          action: 'review.keep-separate',
          outcome: 'success',
          recordIds: task.record_id ? [task.record_id] : [],
        }),
      );
      return;
    }
    if (!candidate) throw new MpiError('invalid-input', 'the task names no candidate person');
    if (decision === 'link') {
      if (!task.record_id) throw new MpiError('invalid-input', 'the task names no record');
      await this.actions.linkRecord(task.record_id, candidate, actor, reason);
    } else if (decision === 'merge') {
      if (!task.person_id || task.person_id === candidate)
        throw new MpiError('invalid-input', 'the task has no two persons to merge');
      await this.actions.mergePersons(candidate, task.person_id, actor, reason);
    } else {
      if (!task.record_id) throw new MpiError('invalid-input', 'the task names no record');
      await this.actions.notAMatch(task.record_id, candidate, actor, reason);
    }
  }

  async assign(id: string, assignee: string, actor: Principal): Promise<ReviewTaskRow> {
    const rows: ReviewTaskRow[][] = await this.dataSource.query(
      `update review_task set assignee = $2 where id = $1 and status = 'open' returning *`,
      [id, assignee],
    );
    const task = rows[0]?.[0];
    if (!task) throw new MpiError('conflict', 'no open task with that id');
    await this.dataSource.transaction((m) =>
      this.audit.record(m, actor, {
        action: 'review.assign',
        outcome: 'success',
        detail: { taskId: id },
      }),
    );
    return task;
  }
}
