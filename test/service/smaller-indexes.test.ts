import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bulkLoadIndexes } from '../../src/database/bulk-load-indexes';
import { Services, newRecord, startServices } from '../support/service-context';

/**
 * The other identifiers' search index holds system and token only, and link events have no
 * index by record (migration 1767600100000).
 */
describe('the index of other identifiers', () => {
  let s: Services;
  before(async () => {
    s = await startServices('other-identifiers-index');
  });
  after(async () => {
    await s.close();
  });

  it('indexes each identifier without its deletion variants and stem, and is the one searches use', async () => {
    const seeded = await newRecord(s, {
      other_identifiers: 'urn:oid:2.16.840.1.113883.4.3.41|D123456789',
    });
    const rows = await s.rows<{
      stored: Record<string, unknown>[];
      searched: Record<string, unknown>[];
    }>(
      `select features->'otherIdentifiers' as stored, searchable_other_identifiers(features) as searched
         from source_record where id = $1`,
      [seeded.recordId],
    );
    const stored = rows[0]?.stored ?? [];
    assert.ok(
      stored.some((id) => typeof id.v === 'string'),
      'the record has variants to leave out',
    );
    assert.deepEqual(
      rows[0]?.searched,
      stored.map(({ v: _v, s: _s, ...kept }) => kept),
    );
    const plan = await s.rows<{ 'QUERY PLAN': string }>(
      `explain select 1 from source_record r where searchable_other_identifiers(r.features) @> $1::jsonb`,
      [JSON.stringify([{ system: 'x', token: 'y' }])],
    );
    assert.match(plan.map((p) => p['QUERY PLAN']).join('\n'), /source_record_other_identifiers/);
  });

  it('a bulk load drops it and builds it again in the same narrow form', async () => {
    const definition = async (): Promise<string | undefined> => {
      const rows = await s.rows<{ def: string | null }>(
        `select pg_get_indexdef(to_regclass('source_record_other_identifiers')) as def`,
      );
      return rows[0]?.def ?? undefined;
    };
    const before = await definition();
    assert.match(before ?? '', /searchable_other_identifiers\(features\) jsonb_path_ops/);
    await s.dataSource.transaction((m) => bulkLoadIndexes.drop(m));
    assert.equal(await definition(), undefined);
    assert.ok((await bulkLoadIndexes.restore(s.dataSource)) > 0);
    assert.equal(await definition(), before);
  });

  it('link events are indexed by person, not by record, after a bulk load`s rebuild too', async () => {
    const names = await s.rows<{ name: string }>(
      `select indexname as name from pg_indexes where tablename = 'link_event' order by 1`,
    );
    assert.deepEqual(
      names.map((n) => n.name),
      ['link_event_from_person', 'link_event_person', 'link_event_pkey'],
    );
  });
});
