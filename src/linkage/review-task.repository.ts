import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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
    const unique = [
      ...new Map(tasks.map((t) => [`${t.kind}|${t.recordId}|${t.candidatePersonId}`, t])).values(),
    ];
    if (unique.length === 0) return;
    await manager.query(
      `insert into review_task (kind, record_id, person_id, candidate_person_id, source, probability, weight, explanation, reason_code)
       select x.k, x.r, x.p, x.c, x.s, x.pr, x.w, x.e, x.rc
         from json_to_recordset($1::json)
           as x(k text, r uuid, p uuid, c uuid, s text, pr float8, w float8, e jsonb, rc text)
       on conflict (kind, record_id, candidate_person_id) where status = 'open' do update set
         person_id = excluded.person_id, probability = excluded.probability, weight = excluded.weight,
         explanation = excluded.explanation, reason_code = excluded.reason_code`,
      [
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
      ],
    );
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

  /** Re-matched records' earlier open questions no longer hold. */
  async obsoleteOpenTasksOfRecords(manager: EntityManager, recordIds: string[]): Promise<void> {
    if (recordIds.length === 0) return;
    await manager.query(
      `update review_task set status = 'obsolete', decided_at = now(), decision = 'superseded'
        where record_id = any($1::uuid[]) and status = 'open' and kind in ('possible-match', 'weak-chain', 'merge-persons', 'ambiguous')`,
      [recordIds],
    );
  }
}
