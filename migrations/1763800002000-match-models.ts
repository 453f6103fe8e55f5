import { MigrationInterface, QueryRunner } from 'typeorm';

/** Trained model versions, shared by every service instance; the newest active one scores. */
export class MatchModels1763800002000 implements MigrationInterface {
  name = 'MatchModels1763800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table match_model (
        version integer primary key,
        model jsonb not null,
        summary jsonb not null default '{}',
        created_at timestamptz not null default now(),
        created_by text not null
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table match_model`);
  }
}
