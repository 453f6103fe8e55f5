import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Link events keep their explanation deflated (`explanation_packed`, issue 17): most records
 * have an automatic link, whose explanation was 551 bytes of jsonb, a tenth of the store; the
 * packed form (src/linkage/stored-explanation.ts) is about 170. Events are read for a person's
 * history and an undo, by the service, never by SQL. Rows written before keep `explanation`
 * and read as they are (the history is append-only: nothing is rewritten); a row holds one of
 * the two at most.
 */
export class PackedLinkExplanations1767600200000 implements MigrationInterface {
  name = 'PackedLinkExplanations1767600200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table link_event add column explanation_packed bytea`);
    await q.query(
      `alter table link_event add constraint link_event_one_explanation
         check (explanation is null or explanation_packed is null)`,
    );
  }

  /** Refused once an explanation is packed: SQL cannot unpack it, and dropping it loses it. */
  async down(q: QueryRunner): Promise<void> {
    const packed: unknown[] = await q.query(
      `select 1 from link_event where explanation_packed is not null limit 1`,
    );
    if (packed.length > 0)
      throw new Error('link events hold packed explanations: going back would lose them');
    await q.query(`alter table link_event drop constraint link_event_one_explanation`);
    await q.query(`alter table link_event drop column explanation_packed`);
  }
}
