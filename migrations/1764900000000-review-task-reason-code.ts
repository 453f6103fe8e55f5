import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a review task was opened (src/matching/rules/review-reason.ts), so stewards can sort and
 * staff the queue by it; tasks opened before it are `uncertain`. And a new kind, `ambiguous`:
 * a record that could belong to two persons who are two people.
 */
export class ReviewTaskReasonCode1764900000000 implements MigrationInterface {
  name = 'ReviewTaskReasonCode1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table review_task drop constraint review_task_kind_check`);
    await q.query(
      `alter table review_task add constraint review_task_kind_check check (kind in ('possible-match', 'merge-persons', 'same-source-duplicate', 'weak-chain', 'ambiguous'))`,
    );
    await q.query(
      `alter table review_task add column reason_code text not null default 'uncertain'`,
    );
    await q.query(
      `create index review_task_open_reason on review_task (reason_code) where status = 'open'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index review_task_open_reason`);
    await q.query(`alter table review_task drop column reason_code`);
    await q.query(`delete from review_task where kind = 'ambiguous'`);
    await q.query(`alter table review_task drop constraint review_task_kind_check`);
    await q.query(
      `alter table review_task add constraint review_task_kind_check check (kind in ('possible-match', 'merge-persons', 'same-source-duplicate', 'weak-chain'))`,
    );
  }
}
