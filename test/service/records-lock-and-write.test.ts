import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StoredFeatures, decodeFeatures } from '../../src/database/stored-features';
import { CanonicalRecord } from '../../src/matching/record-types';
import { IngestService } from '../../src/records/ingest.service';
import { PairScorer } from '../../src/retrieval/pair-scorer';
import { Services, actor, startServices } from '../support/service-context';
import { countStatements } from '../support/statement-counter';

/**
 * lock_and_write_records (migration 1767400100000): a round's locks, its records as stored, the
 * write of those changed and the linker's state for them, in one call. What the round's three
 * statements did apart, it does in one: a record of another content hash is rewritten under its
 * id with the blocking keys of its new features (the old ones gone), an unchanged one is left
 * as it was, a new one is inserted with its keys; and the round learns each one's state before
 * it wrote, and the linker's state of those it wrote.
 */
const BASE: CanonicalRecord = {
  source: 'ward',
  given_name: 'Philippa',
  birth_date: '1949-02-17',
  sex: 'female',
  address_line: '3 Mill Lane',
  postal_code: '01002',
};

interface Stored {
  id: string;
  version: number;
  changed_at: string;
  features: StoredFeatures;
}

describe('the round write of records with their locks (lock_and_write_records)', () => {
  let s: Services;
  before(async () => {
    s = await startServices('records_lock_and_write');
  });
  after(() => s.close());

  const keysOf = async (recordId: string): Promise<string[]> =>
    (
      await s.rows<{ key: string }>(
        `select b.key::text as key from record_block_key b
          join source_record r on r.record_no = b.record_no where r.id = $1 order by 1`,
        [recordId],
      )
    ).map((r) => r.key);

  const expectedKeys = (features: StoredFeatures): string[] =>
    [...new Set(s.get(PairScorer).storedBlockKeys(decodeFeatures(features)))].sort();

  it('one round: a new record, an unchanged one and a changed one, each as before', async () => {
    const ingest = s.get(IngestService);
    const first = await ingest.ingest(
      [
        { ...BASE, source_id: 'W-1', family_name: 'Aldersey' },
        { ...BASE, source_id: 'W-2', family_name: 'Brandreth', given_name: 'Cuthbert' },
      ],
      actor('feed'),
    );
    assert.deepEqual(
      first.outcomes.map((o) => o.status),
      ['created', 'created'],
    );
    const [one, two] = first.outcomes.map((o) => o.recordId ?? '');
    const before = await s.rows<Stored>(
      `select id, version, changed_at::text as changed_at, features from source_record
        where id = any($1::uuid[]) order by id`,
      [[one, two]],
    );
    const twoBefore = before.find((r) => r.id === two);
    assert.ok(twoBefore);
    const twoKeysBefore = await keysOf(two ?? '');

    const { result, statements } = await countStatements(() =>
      ingest.ingest(
        [
          { ...BASE, source_id: 'W-1', family_name: 'Aldersey' },
          { ...BASE, source_id: 'W-2', family_name: 'Wolstenholme', given_name: 'Cuthbert' },
          { ...BASE, source_id: 'W-3', family_name: 'Carrington', given_name: 'Ambrose' },
        ],
        actor('feed'),
      ),
    );
    assert.deepEqual(
      result.outcomes.map((o) => o.status),
      ['unchanged', 'updated', 'created'],
    );
    assert.equal(result.outcomes[0]?.recordId, one, 'the unchanged record keeps its id');
    assert.equal(result.outcomes[1]?.recordId, two, 'the changed record is rewritten in place');
    const write = statements.filter((st) => st.sql.includes('lock_and_write_records'));
    assert.equal(write.length, 1, 'the locks, the read and the write: one statement');
    assert.ok(
      !statements.some((st) => /insert into source_record/.test(st.sql)),
      'no upsert of its own',
    );
    assert.ok(
      !statements.some((st) => st.sql.includes('link_state(')),
      "the linker's state comes with the write: no read of its own",
    );
    assert.deepEqual(
      result.outcomes.map((o) => o.personId !== undefined),
      [false, true, true],
      'each record written is linked from that state',
    );

    const after = await s.rows<Stored>(
      `select id, version, changed_at::text as changed_at, features from source_record
        where id = any($1::uuid[]) order by id`,
      [[one, two, result.outcomes[2]?.recordId]],
    );
    const oneAfter = after.find((r) => r.id === one);
    const oneBefore = before.find((r) => r.id === one);
    assert.deepEqual(oneAfter, oneBefore, 'the unchanged record is not rewritten');
    const twoAfter = after.find((r) => r.id === two);
    assert.ok(twoAfter);
    assert.equal(twoAfter.version, twoBefore.version + 1);
    // The changed record's keys are those of its new features: the family name's went.
    const twoKeys = await keysOf(two ?? '');
    assert.deepEqual(twoKeys, expectedKeys(twoAfter.features));
    assert.notDeepEqual(twoKeys, twoKeysBefore);
    const three = after.find((r) => r.id === result.outcomes[2]?.recordId);
    assert.ok(three);
    assert.deepEqual(await keysOf(three.id), expectedKeys(three.features));
    assert.ok(oneAfter);
    assert.deepEqual(await keysOf(oneAfter.id), expectedKeys(oneAfter.features));
  });
});
