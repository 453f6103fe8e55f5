import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { decodeGolden, StoredGolden } from '../../src/linkage/stored-golden';
import { PersonReadService } from '../../src/linkage/person-read.service';
import { Services, actor, newRecord, startServices } from '../support/service-context';
import { undoMigrationsThrough } from '../support/undo-migration';

const MIGRATION = 'PackedGoldenPersons1767800000000';

describe('golden records deflated in persons (migration 1767800000000)', () => {
  let s: Services;
  before(async () => {
    s = await startServices('packed-golden-persons');
  });
  after(async () => {
    await s.close();
  });

  it('down gives back the forms the code before read; up leaves them readable, packed on the next recompute', async () => {
    const man = { given_name: 'Evangeline', family_name: 'Achterberg', birth_date: '1961-04-23' };
    const first = await newRecord(s, { ...man, source: 'hospital', ssn: '318-44-2071' });
    await newRecord(s, { ...man, source: 'clinic', ssn: '318-44-2071' });
    const read = async () =>
      (await s.get(PersonReadService).person(first.personId, actor('reader'))).golden;
    const whole = await read();
    assert.equal(whole.givenName?.value, 'Evangeline');

    await undoMigrationsThrough(MIGRATION);
    // As the code before this migration reads them: jsonb in person, versions deflated alone.
    const [person] = await s.rows<{ golden: StoredGolden }>(
      `select golden from person where id = $1`,
      [first.personId],
    );
    assert.deepEqual(decodeGolden(person?.golden ?? {}), whole);
    const versions = await s.rows<{ packed: Buffer }>(
      `select packed from person_version where person_id = $1 order by version`,
      [first.personId],
    );
    assert.ok(versions.length >= 2);
    const last = versions.at(-1)?.packed ?? Buffer.alloc(0);
    assert.deepEqual(decodeGolden(JSON.parse(inflateRawSync(last).toString('utf8'))), whole);

    s = await s.restart({}); // the upgrade: the pending migration runs at start
    assert.deepEqual(await read(), whole, 'a person still in jsonb reads as it is');
    await newRecord(s, { ...man, source: 'lab', ssn: '318-44-2071' });
    const [packed] = await s.rows<{ golden: unknown; packed: Buffer | null }>(
      `select golden, packed from person where id = $1`,
      [first.personId],
    );
    assert.equal(packed?.golden, null, 'packed on its next recompute');
    assert.equal(packed?.packed?.[0], 0x07);
    assert.equal((await read()).givenName?.reason, 'all 3 registrations agree');
  });
});
