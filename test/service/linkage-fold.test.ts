import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GoldenRecordService } from '../../src/linkage/golden-record.service';
import { LinkRepository } from '../../src/linkage/link.repository';
import { PersonRepository } from '../../src/linkage/person.repository';
import { UndoService } from '../../src/linkage/undo.service';
import { CanonicalRecord } from '../../src/matching/record-types';
import { Services, actor, newPerson, newRecord, startServices } from '../support/service-context';

/** The men of the tests, one each: nothing of one is shared with another. */
const MEN: Record<string, { born: string; phone: string; street: string }> = {
  Quarrington: { born: '1968-11-23', phone: '617-555-0143', street: '41 Larch Street' },
  Quenneville: { born: '1972-05-14', phone: '617-555-0178', street: '9 Osier Road' },
  Quilliam: { born: '1959-02-07', phone: '617-555-0121', street: '230 Tamarack Way' },
};

/** One man as a registry holds him: every field alike, so each pair of his is certain. */
function registration(source: string, family: string): CanonicalRecord {
  const man = MEN[family];
  if (!man) throw new Error(`no man named ${family}`);
  return {
    source,
    given_name: 'Bartholomew',
    family_name: family,
    birth_date: man.born,
    sex: 'male',
    phone: man.phone,
    address_line: man.street,
    postal_code: '02139',
  };
}

describe('the linker folds persons a record proves to be one', () => {
  let s: Services;

  before(async () => {
    s = await startServices('linkage_fold');
  });
  after(() => s.close());

  /**
   * Two persons holding one man's records, as a store holds them when the second record's
   * blocks never reached the first (blocking's cap): the clinic's record is moved to a person
   * of its own after it linked. `hardNo` adds a steward's "not a match" between the two.
   */
  async function splitPerson(family: string, hardNo = false) {
    const hospital = await newPerson(s, registration('hospital', family));
    const clinic = await newRecord(s, registration('clinic', family));
    assert.equal(clinic.personId, hospital.personId, 'precondition: the two link');
    const apart = await s.dataSource.transaction(async (m) => {
      const personId = await s.get(PersonRepository).createPerson(m);
      await s.get(LinkRepository).setLink(m, clinic.recordId, personId, 'auto', {
        probability: null,
        weight: null,
      });
      if (hardNo)
        await s.get(LinkRepository).addHardNo(m, hospital.recordId, clinic.recordId, 'steward');
      await s.get(GoldenRecordService).recompute(m, [hospital.personId, personId]);
      return personId;
    });
    return { hospital, clinic, persons: [hospital.personId, apart] };
  }

  async function openMergeTasks(personIds: string[]): Promise<number> {
    const [row] = await s.rows<{ n: number }>(
      `select count(*)::int as n from review_task
        where status = 'open' and kind = 'merge-persons' and candidate_person_id = any($1::uuid[])`,
      [personIds],
    );
    return row?.n ?? -1;
  }

  async function statusesOf(personIds: string[]): Promise<string[]> {
    const rows = await s.rows<{ status: string }>(
      `select status from person where id = any($1::uuid[])`,
      [personIds],
    );
    return rows.map((r) => r.status);
  }

  it('a record certain for both persons merges them, as one undoable event', async () => {
    const { hospital, clinic, persons } = await splitPerson('Quarrington');
    const lab = await newRecord(s, registration('lab', 'Quarrington'));

    assert.equal(lab.link, 'auto');
    const linked = await s.rows<{ record_id: string; person_id: string }>(
      `select record_id, person_id from record_link where record_id = any($1::uuid[])`,
      [[hospital.recordId, clinic.recordId, lab.recordId]],
    );
    assert.deepEqual(new Set(linked.map((r) => r.person_id)), new Set([lab.personId]));
    const loser = persons.find((p) => p !== lab.personId) as string;
    const [folded] = await s.rows<{ status: string; merged_into: string }>(
      `select status, merged_into from person where id = $1`,
      [loser],
    );
    assert.deepEqual(folded, { status: 'merged', merged_into: lab.personId });
    assert.equal(await openMergeTasks(persons), 0, 'no steward is asked what the data shows');

    const [event] = await s.rows<{ id: number; record_id: string; state: { moved: unknown[] } }>(
      `select id, record_id, state from link_event where kind = 'auto-merge' and from_person_id = $1`,
      [loser],
    );
    assert.ok(event, 'the merge is one event');
    assert.equal(event.record_id, lab.recordId, 'naming the record that showed it');
    assert.equal(event.state.moved.length, 1);

    await s.get(UndoService).undo(event.id, actor('steward-a', 'steward'), 'checking');
    const [restored] = await s.rows<{ status: string; n: number }>(
      `select p.status, count(l.record_id)::int as n from person p
         join record_link l on l.person_id = p.id where p.id = $1 group by p.status`,
      [loser],
    );
    assert.deepEqual(restored, { status: 'active', n: 1 });
  });

  it('a steward\'s "not a match" between the two keeps them apart and asks instead', async () => {
    const { persons } = await splitPerson('Quenneville', true);
    const lab = await newRecord(s, registration('lab', 'Quenneville'));

    assert.deepEqual(await statusesOf(persons), ['active', 'active']);
    assert.ok(persons.includes(lab.personId));
    assert.equal(await openMergeTasks(persons), 1, 'a merge-persons task is open');
  });

  it('persons a steward has placed a record of by hand are not folded', async () => {
    const { clinic, persons } = await splitPerson('Quilliam');
    await s.dataSource.transaction((m) =>
      s.get(LinkRepository).setLink(m, clinic.recordId, persons[1] as string, 'manual', {
        probability: null,
        weight: null,
      }),
    );
    await newRecord(s, registration('lab', 'Quilliam'));

    assert.deepEqual(await statusesOf(persons), ['active', 'active'], 'whichever it joins');
    assert.equal(await openMergeTasks(persons), 1);
  });
});
