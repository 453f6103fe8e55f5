import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a review task was opened (src/matching/rules/review-reason.ts), so stewards can sort and
 * staff the queue by it. Tasks opened before it are `uncertain`.
 */
export class ReviewTaskReasonCode1764900000000 implements MigrationInterface {
  name = 'ReviewTaskReasonCode1764900000000';

  async up(q: QueryRunner): Promise<void> {
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
  }
}
