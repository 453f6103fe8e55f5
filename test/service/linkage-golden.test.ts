import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { PersonReadService } from '../../src/linkage/person-read.service';
import { encodeGolden, unpackGolden } from '../../src/linkage/stored-golden';
import { StewardActionsService } from '../../src/linkage/steward-actions.service';
import { UndoService } from '../../src/linkage/undo.service';
import { Services, actor, newPerson, newRecord, startServices } from '../support/service-context';

/** A man as one source registers him; each test gives him details of his own. */
interface Man {
  given: string;
  family: string;
  birthDate: string;
  ssn: string;
  street: string;
}

function registration(man: Man, source: string): Record<string, string> {
  return {
    source,
    given_name: man.given,
    family_name: man.family,
    birth_date: man.birthDate,
    sex: 'male',
    ssn: man.ssn,
    address_line: man.street,
    postal_code: '01003',
  };
}

const BARTHOLOMEW: Man = {
  given: 'Bartholomew',
  family: 'Featherstonehaugh',
  birthDate: '1958-11-23',
  ssn: '231-45-6781',
  street: '7 Orchard Row',
};
const CORNELIUS: Man = {
  given: 'Cornelius',
  family: 'Quarrington',
  birthDate: '1944-03-02',
  ssn: '342-56-7812',
  street: '19 Tanner Street',
};
const PEREGRINE: Man = {
  given: 'Peregrine',
  family: 'Wolstenholme',
  birthDate: '1972-07-30',
  ssn: '453-67-8123',
  street: '3 Mill Lane',
};

describe('linkage and golden records against PostgreSQL', () => {
  let s: Services;
  let persons: PersonReadService;
  let actions: StewardActionsService;

  before(async () => {
    s = await startServices('linkage_golden');
    persons = s.get(PersonReadService);
    actions = s.get(StewardActionsService);
  });
  after(() => s.close());

  it('a second registration of one man joins his person; the golden record says why', async () => {
    const first = await newPerson(s, registration(BARTHOLOMEW, 'hospital'));
    const second = await newRecord(s, {
      ...registration(BARTHOLOMEW, 'lab'),
      ssn: undefined,
      address_line: '7 Orchard Rw',
    });
    assert.equal(second.link, 'auto');
    assert.equal(second.personId, first.personId);
    const person = await persons.person(first.personId, actor('reader'));
    assert.deepEqual(
      person.records.map((r) => r.recordId).sort(),
      [first.recordId, second.recordId].sort(),
    );
    assert.equal(person.golden.familyName?.value, 'Featherstonehaugh');
    assert.equal(person.golden.familyName?.reason, 'all 2 registrations agree');
    const versions = await s.rows<{ version: number }>(
      `select version from person_version where person_id = $1 order by version`,
      [first.personId],
    );
    assert.ok(versions.length >= 2, 'each recompute keeps a version');
  });

  it('a change that leaves golden record and members as they were adds no version', async () => {
    const man: Man = {
      given: 'Ignatius',
      family: 'Pemberton-Vossberg',
      birthDate: '1939-05-17',
      ssn: '612-33-4471',
      street: '88 Quarry Lane',
    };
    const first = await newPerson(s, { ...registration(man, 'hospital'), source_id: 'H-77' });
    const versions = () =>
      s.rows<{ version: number; golden: unknown }>(
        `select version, golden from person_version where person_id = $1 order by version`,
        [first.personId],
      );
    const before = await versions();
    // A new phone number: the record changes, its golden fields and its person do not.
    const again = await newRecord(s, {
      ...registration(man, 'hospital'),
      source_id: 'H-77',
      phone: '413-555-0188',
    });
    assert.equal(again.recordId, first.recordId);
    assert.equal(again.personId, first.personId);
    assert.deepEqual(await versions(), before);
    const [person] = await s.rows<{ version: number }>(`select version from person where id = $1`, [
      first.personId,
    ]);
    assert.equal(person?.version, before.at(-1)?.version);
  });

  it('golden records are stored compact and deflated, in persons and versions, and read back whole in any stored form', async () => {
    const man: Man = {
      given: 'Thaddeus',
      family: 'Ravenscroft',
      birthDate: '1949-10-08',
      ssn: '564-78-9234',
      street: '41 Chandler Court',
    };
    const first = await newPerson(s, registration(man, 'hospital'));
    await newRecord(s, registration(man, 'clinic'));
    const [person] = await s.rows<{ golden: unknown; packed: Buffer | null }>(
      `select golden, packed from person where id = $1`,
      [first.personId],
    );
    assert.equal(person?.golden, null, 'the person holds its golden record deflated only');
    const [version] = await s.rows<{ golden: unknown; packed: Buffer | null }>(
      `select golden, packed from person_version where person_id = $1 order by version desc limit 1`,
      [first.personId],
    );
    assert.equal(version?.golden, null, 'a version holds its golden record deflated only');
    assert.ok(person.packed && version.packed);
    assert.deepEqual(version.packed, person.packed, 'one deflate serves person and version');
    const whole = (await persons.person(first.personId, actor('reader'))).golden;
    assert.equal(whole.givenName?.value, 'Thaddeus');
    assert.equal(whole.givenName?.reason, 'all 2 registrations agree');
    const compact = JSON.stringify(encodeGolden(whole));
    assert.ok(compact.length * 2 < JSON.stringify(whole).length);
    // The dictionary's work: well under what deflate alone made of the compact form.
    const alone = deflateRawSync(compact, { windowBits: 9, memLevel: 1 });
    assert.ok(
      person.packed.length * 4 < alone.length * 3,
      `${person.packed.length} bytes packed, ${alone.length} deflated alone`,
    );
    assert.deepEqual(unpackGolden(person.packed, null), whole);
    // A version's time has microseconds and a Date only milliseconds: a moment surely after it.
    const now = (): Date => new Date(Date.now() + 1);
    const asOf = await persons.personAsOf(first.personId, now(), actor('reader'));
    assert.deepEqual(asOf.golden, whole);
    // A person row written before the deflated form (compact or full jsonb) reads as it is.
    for (const stored of [encodeGolden(whole), whole]) {
      await s.rows(`update person set golden = $2::jsonb, packed = null where id = $1`, [
        first.personId,
        JSON.stringify(stored),
      ]);
      assert.deepEqual((await persons.person(first.personId, actor('reader'))).golden, whole);
    }
    // So does a version written before the deflated form, and one deflated without the dictionary.
    let next = asOf.version;
    for (const [golden, packed] of [
      [JSON.stringify(whole), null],
      [null, alone],
    ] as const) {
      next += 1;
      await s.rows(
        `insert into person_version (person_id, version, golden, packed, record_ids)
         values ($1, $2, $3::jsonb, $4, '{}')`,
        [first.personId, next, golden, packed],
      );
      const older = await persons.personAsOf(first.personId, now(), actor('reader'));
      assert.equal(older.version, next);
      assert.deepEqual(older.golden, whole);
    }
  });

  it('a stranger starts a person of his own', async () => {
    const one = await newPerson(s, registration(CORNELIUS, 'hospital'));
    const other = await newRecord(s, {
      source: 'clinic',
      given_name: 'Millicent',
      family_name: 'Oyelaran',
      birth_date: '1990-02-14',
      sex: 'female',
    });
    assert.equal(other.link, 'own-person');
    assert.notEqual(other.personId, one.personId);
  });

  it('a pin beats the vote, survives a new registration, and undo takes it back', async () => {
    const first = await newPerson(s, registration(PEREGRINE, 'hospital'));
    const pinned = await actions.pinValue(
      first.personId,
      'givenName',
      'Perry',
      actor('steward-pin', 'steward'),
      'patient prefers it',
    );
    await newRecord(s, { ...registration(PEREGRINE, 'lab'), ssn: undefined });
    const person = await persons.person(first.personId, actor('reader'));
    assert.equal(person.golden.givenName?.value, 'Perry');
    assert.equal(person.golden.givenName?.strategy, 'pinned');
    await s.get(UndoService).undo(pinned.eventId, actor('steward-pin', 'steward'), null);
    const undone = await persons.person(first.personId, actor('reader'));
    assert.equal(undone.golden.givenName?.value, 'Peregrine');
  });
});
