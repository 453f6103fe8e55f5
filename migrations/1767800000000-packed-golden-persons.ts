import { deflateRawSync } from 'node:zlib';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { encodeGolden, unpackGolden } from '../src/linkage/stored-golden';

/**
 * A person's golden record is kept deflated too (`packed`, src/linkage/stored-golden.ts), as
 * its versions are, and both against a preset dictionary: 540 bytes of compact jsonb become
 * about 160, and a person row is rewritten on every link, so the page space its updates leave
 * behind shrinks with it (issue 17). PostgreSQL compresses no row under 2 kB, so the service
 * deflates. Rows written before keep their `golden` jsonb (and versions their deflate without
 * the dictionary) and read as they are; each person is packed on its next recompute. A person
 * inserted before its first golden record holds `golden` '{}' (the default) until then. Each
 * row holds one of the two.
 */
export class PackedGoldenPersons1767800000000 implements MigrationInterface {
  name = 'PackedGoldenPersons1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table person add column packed bytea`);
    await q.query(`alter table person alter column golden drop not null`);
    await q.query(
      `alter table person add constraint person_one_form check ((golden is null) <> (packed is null))`,
    );
  }

  /**
   * Back to the forms the code before reads: persons' golden records as compact jsonb, and
   * versions deflated without the dictionary (it read no leading byte). SQL cannot inflate,
   * so the rows come through here, a thousand at a time.
   */
  async down(q: QueryRunner): Promise<void> {
    for (;;) {
      const persons: { id: string; packed: Buffer }[] = await q.query(
        `select id, packed from person where packed is not null limit 1000`,
      );
      if (persons.length === 0) break;
      await q.query(
        `update person p set golden = i.golden, packed = null
           from jsonb_to_recordset($1::jsonb) as i(id uuid, golden jsonb) where p.id = i.id`,
        [
          JSON.stringify(
            persons.map((r) => ({ id: r.id, golden: encodeGolden(unpackGolden(r.packed, null)) })),
          ),
        ],
      );
    }
    for (;;) {
      const versions: { person_id: string; version: number; packed: Buffer }[] = await q.query(
        `select person_id, version, packed from person_version
          where get_byte(packed, 0) & 7 = 7 limit 1000`,
      );
      if (versions.length === 0) break;
      await q.query(
        `update person_version v set packed = decode(i.packed, 'base64')
           from jsonb_to_recordset($1::jsonb) as i(person_id uuid, version int, packed text)
          where v.person_id = i.person_id and v.version = i.version`,
        [
          JSON.stringify(
            versions.map((r) => ({
              person_id: r.person_id,
              version: r.version,
              packed: deflateRawSync(JSON.stringify(encodeGolden(unpackGolden(r.packed, null))), {
                windowBits: 9,
                memLevel: 1,
              }).toString('base64'),
            })),
          ),
        ],
      );
    }
    await q.query(`alter table person drop constraint person_one_form`);
    await q.query(`alter table person alter column golden set not null`);
    await q.query(`alter table person drop column packed`);
  }
}
