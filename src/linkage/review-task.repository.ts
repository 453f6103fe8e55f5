import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StatementPart, runParts } from '../database/statement-parts';
import { ReviewReason } from '../matching/rules/review-reason';
import { ReviewKind } from './link-decision';

export interface NewReviewTask {
  kind: ReviewKind;
  reasonCode: ReviewReason;
  recordId: string | null;
  personId: string | null;
  candidatePersonId: string | null;
  source: string | null;
  probability: number | null;
  weight: number | null;
  explanation: unknown;
}

/** A task as the queue shows it. */
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

export type ReviewTaskWithExplanation = ReviewTaskRow & { explanation: unknown };

/** Which tasks a steward asks for; a null filter is no filter. */
export interface ReviewTaskFilter {
  status: string;
  kind: string | null;
  source: string | null;
  minScore: number | null;
  maxScore: number | null;
  minAgeHours: number | null;
  assignee: string | null;
}

export type ReviewTaskSort = 'created_at' | '-created_at' | 'probability' | '-probability';

const SORTS: Record<ReviewTaskSort, string> = {
  created_at: 'created_at asc, id',
  '-created_at': 'created_at desc, id',
  probability: 'probability asc nulls last, id',
  '-probability': 'probability desc nulls last, id',
};

const FILTER_SQL = `status = $1 and ($2::text is null or kind = $2) and ($3::text is null or source = $3)
      and ($4::float8 is null or probability >= $4) and ($5::float8 is null or probability <= $5)
      and ($6::int is null or created_at <= now() - make_interval(hours => $6)) and ($7::text is null or assignee = $7)`;

function filterParams(f: ReviewTaskFilter): unknown[] {
  return [f.status, f.kind, f.source, f.minScore, f.maxScore, f.minAgeHours, f.assignee];
}

/**
 * Owner of `review_task`: linkage opens and retires questions as it links; the review queue
 * lists, assigns and decides them.
 */
@Injectable()
export class ReviewTaskRepository {
  /** Opens a task unless the same question is already open. */
  async open(manager: EntityManager, task: NewReviewTask): Promise<void> {
    await manager.query(
      `insert into review_task (kind, record_id, person_id, candidate_person_id, source, probability, weight, explanation, reason_code)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
       on conflict (kind, record_id, candidate_person_id) where status = 'open' do update set
         person_id = excluded.person_id, probability = excluded.probability, weight = excluded.weight,
         explanation = excluded.explanation, reason_code = excluded.reason_code`,
      [
        task.kind,
        task.recordId,
        task.personId,
        task.candidatePersonId,
        task.source,
        task.probability,
        task.weight,
        JSON.stringify(task.explanation ?? null),
        task.reasonCode,
      ],
    );
  }

  /** Opens one batch's tasks in one statement; a question asked twice is asked once. */
  async openMany(manager: EntityManager, tasks: NewReviewTask[]): Promise<void> {
    const part = openManyPart(tasks);
    if (part) await runParts(manager, [part]);
  }

  /** foldTasksPart, on its own. */
  async foldTasks(manager: EntityManager, mergedInto: ReadonlyMap<string, string>): Promise<void> {
    if (mergedInto.size > 0) await runParts(manager, [foldTasksPart(mergedInto)]);
  }

  /**
   * Two records of one source in one person are one question, whichever of them asks it; a
   * record decided again after its twin arrived (a relink) asks it from its side too. Its task
   * is dropped when the twin's, naming it, was open first. Returns the records whose task went.
   */
  async supersedeMirroredDuplicates(
    manager: EntityManager,
    recordIds: string[],
  ): Promise<string[]> {
    if (recordIds.length === 0) return [];
    const rows: { record_id: string }[] = await manager.query(
      `with gone as (
         update review_task t set status = 'obsolete', decided_at = now(), decision = 'superseded'
          where t.record_id = any($1::uuid[]) and t.status = 'open' and t.kind = 'same-source-duplicate'
            and exists (select 1 from review_task o
                         where o.status = 'open' and o.kind = 'same-source-duplicate'
                           and o.candidate_person_id = t.candidate_person_id
                           and o.record_id = (t.explanation->>'otherRecordId')::uuid
                           and (o.created_at, o.id) < (t.created_at, t.id))
          returning t.record_id)
       select record_id from gone`,
      [recordIds],
    );
    return rows.map((r) => r.record_id);
  }

  async count(manager: EntityManager, filter: ReviewTaskFilter): Promise<number> {
    const [row] = (await manager.query(
      `select count(*)::int as n from review_task where ${FILTER_SQL}`,
      filterParams(filter),
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  /** One page of tasks, each with the sources of its candidate person's records. */
  async page(
    manager: EntityManager,
    filter: ReviewTaskFilter,
    sort: ReviewTaskSort,
    limit: number,
    offset: number,
  ): Promise<ReviewTaskRow[]> {
    return manager.query(
      `select id, kind, status, record_id, person_id, candidate_person_id, source, probability, weight, assignee,
              created_at, decided_at, decided_by, decision, reason, reason_code,
              (select array_agg(distinct r.source order by r.source)
                 from record_link l join source_record r on r.id = l.record_id
                where l.person_id = review_task.candidate_person_id) as candidate_sources
         from review_task where ${FILTER_SQL} order by ${SORTS[sort]} limit $8 offset $9`,
      [...filterParams(filter), limit, offset],
    );
  }

  /** Open tasks by kind and by age bucket (`under-1d`, `1-7d`, `over-7d`). */
  async openByKindAndAge(
    manager: EntityManager,
  ): Promise<{ kind: string; bucket: string; n: number }[]> {
    return manager.query(
      `select kind, case when created_at > now() - interval '1 day' then 'under-1d'
                          when created_at > now() - interval '7 days' then '1-7d' else 'over-7d' end as bucket,
              count(*)::int as n
         from review_task where status = 'open' group by 1, 2`,
    );
  }

  async find(manager: EntityManager, id: string): Promise<ReviewTaskWithExplanation | undefined> {
    const rows: ReviewTaskWithExplanation[] = await manager.query(
      `select * from review_task where id = $1`,
      [id],
    );
    return rows[0];
  }

  /** The task, its row locked until commit: a second decision on it waits, then sees it decided. */
  async lockForDecision(
    manager: EntityManager,
    id: string,
  ): Promise<ReviewTaskWithExplanation | undefined> {
    const rows: ReviewTaskWithExplanation[] = await manager.query(
      `select * from review_task where id = $1 for update`,
      [id],
    );
    return rows[0];
  }

  async markDecided(
    manager: EntityManager,
    id: string,
    decision: { by: string; decision: string; reason: string | null },
  ): Promise<ReviewTaskRow | undefined> {
    const rows: ReviewTaskRow[][] = await manager.query(
      `update review_task set status = 'decided', decided_at = now(), decided_by = $2, decision = $3, reason = $4
        where id = $1 and status = 'open' returning *`,
      [id, decision.by, decision.decision, decision.reason],
    );
    return rows[0]?.[0];
  }

  async assign(
    manager: EntityManager,
    id: string,
    assignee: string,
  ): Promise<ReviewTaskRow | undefined> {
    const rows: ReviewTaskRow[][] = await manager.query(
      `update review_task set assignee = $2 where id = $1 and status = 'open' returning *`,
      [id, assignee],
    );
    return rows[0]?.[0];
  }
}

/**
 * Opens a batch's tasks (openMany) as a part; null when there is none. It must not share a
 * statement with obsoleteOpenTasksPart of the same records (both would touch one open task).
 */
export function openManyPart(tasks: readonly NewReviewTask[]): StatementPart | null {
  const unique = [
    ...new Map(tasks.map((t) => [`${t.kind}|${t.recordId}|${t.candidatePersonId}`, t])).values(),
  ];
  if (unique.length === 0) return null;
  return {
    ctes: (p) => `tasks_opened as (
    insert into review_task (kind, record_id, person_id, candidate_person_id, source, probability, weight, explanation, reason_code)
    select x.k, x.r, x.p, x.c, x.s, x.pr, x.w, x.e, x.rc
      from json_to_recordset(${p(
        JSON.stringify(
          unique.map((t) => ({
            k: t.kind,
            r: t.recordId,
            p: t.personId,
            c: t.candidatePersonId,
            s: t.source,
            pr: t.probability,
            w: t.weight,
            e: t.explanation ?? null,
            rc: t.reasonCode,
          })),
        ),
      )}::json)
        as x(k text, r uuid, p uuid, c uuid, s text, pr float8, w float8, e jsonb, rc text)
    on conflict (kind, record_id, candidate_person_id) where status = 'open' do update set
      person_id = excluded.person_id, probability = excluded.probability, weight = excluded.weight,
      explanation = excluded.explanation, reason_code = excluded.reason_code
  )`,
  };
}

/**
 * The open tasks naming persons the linker folded into others (`loser -> survivor`) name the
 * survivor instead; a question the fold answered (its two sides are now one person) or one the
 * survivor is already asked is retired. As a part of its own statement: it must not share one
 * with obsoleteOpenTasksPart or openManyPart (all three touch open tasks).
 */
export function foldTasksPart(mergedInto: ReadonlyMap<string, string>): StatementPart {
  return {
    ctes: (p) => `fold_map as (
    select * from json_to_recordset(${p(
      JSON.stringify([...mergedInto].map(([loser, survivor]) => ({ loser, survivor }))),
    )}::json) as x(loser uuid, survivor uuid)
  ),
  fold_tasks as (
    select t.id, t.kind, t.record_id,
           coalesce(mp.survivor, t.person_id) as person_id,
           coalesce(mc.survivor, t.candidate_person_id) as candidate_person_id
      from review_task t
      left join fold_map mp on mp.loser = t.person_id
      left join fold_map mc on mc.loser = t.candidate_person_id
     where t.status = 'open' and (mp.loser is not null or mc.loser is not null)
  ),
  fold_settled as (
    select f.id, f.person_id, f.candidate_person_id,
           (f.kind <> 'same-source-duplicate' and f.person_id = f.candidate_person_id)
           or row_number() over (partition by f.kind, f.record_id, f.candidate_person_id order by f.id) > 1
           or exists (select 1 from review_task o
                       where o.status = 'open' and o.kind = f.kind and o.record_id = f.record_id
                         and o.candidate_person_id = f.candidate_person_id
                         and o.id not in (select id from fold_tasks)) as settled
      from fold_tasks f
  ),
  tasks_folded as (
    update review_task t
       set person_id = s.person_id, candidate_person_id = s.candidate_person_id,
           status = case when s.settled then 'obsolete' else t.status end,
           decided_at = case when s.settled then now() else t.decided_at end,
           decision = case when s.settled then 'superseded' else t.decision end
      from fold_settled s
     where t.id = s.id
  )`,
  };
}

/** Retires the open linkage questions of records about to be decided again, as a part. */
export function obsoleteOpenTasksPart(recordIds: readonly string[]): StatementPart {
  return {
    ctes: (p) => `tasks_obsoleted as (
    update review_task set status = 'obsolete', decided_at = now(), decision = 'superseded'
     where record_id = any(${p(recordIds)}::uuid[]) and status = 'open'
       and kind in ('possible-match', 'weak-chain', 'merge-persons', 'ambiguous')
  )`,
  };
}
