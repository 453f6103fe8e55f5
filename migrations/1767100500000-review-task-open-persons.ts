import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open tasks naming a person, found by index: when the linker folds a person into another
 * (an automatic merge), the open questions about the folded person move to the one it joined,
 * which may be new in that transaction and written with its golden record after them: the
 * tasks' person keys are checked at commit, as record_link's are.
 */
const PERSON_KEYS = ['review_task_person_id_fkey', 'review_task_candidate_person_id_fkey'];

export class ReviewTaskOpenPersons1767100500000 implements MigrationInterface {
  name = 'ReviewTaskOpenPersons1767100500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `create index review_task_open_person on review_task (person_id) where status = 'open'`,
    );
    await q.query(
      `create index review_task_open_candidate on review_task (candidate_person_id) where status = 'open'`,
    );
    for (const key of PERSON_KEYS)
      await q.query(
        `alter table review_task alter constraint ${key} deferrable initially deferred`,
      );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const key of PERSON_KEYS)
      await q.query(`alter table review_task alter constraint ${key} not deferrable`);
    await q.query(`drop index review_task_open_candidate`);
    await q.query(`drop index review_task_open_person`);
  }
}
