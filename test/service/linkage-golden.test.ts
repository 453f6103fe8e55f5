import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PersonReadService } from '../../src/linkage/person-read.service';
import { StewardActionsService } from '../../src/linkage/steward-actions.service';
import { UndoService } from '../../src/linkage/undo.service';
import { Services, actor, newPerson, newRecord, startServices } from '../support/service-context';

/** One man as a source registers him; each test gives him a family name and SSN of its own. */
function man(family: string, ssn: string, source: string): Record<string, string> {
  return {
    source,
    given_name: 'Bartholomew',
    family_name: family,
    birth_date: '1958-11-23',
    sex: 'male',
    ssn,
    address_line: '7 Orchard Row',
    postal_code: '01003',
  };
}

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
    const first = await newPerson(s, man('Featherstonehaugh', '231-45-6781', 'hospital'));
    const second = await newRecord(s, {
      ...man('Featherstonehaugh', '231-45-6781', 'lab'),
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
    assert.equal(person.golden.familyName?.value, 'featherstonehaugh');
    assert.equal(person.golden.familyName?.reason, 'all 2 registrations agree');
    const versions = await s.rows<{ version: number }>(
      `select version from person_version where person_id = $1 order by version`,
      [first.personId],
    );
    assert.ok(versions.length >= 2, 'each recompute keeps a version');
  });

  it('a stranger starts a person of his own', async () => {
    const one = await newPerson(s, man('Quarrington', '342-56-7812', 'hospital'));
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
    const first = await newPerson(s, man('Wolstenholme', '453-67-8123', 'hospital'));
    const pinned = await actions.pinValue(
      first.personId,
      'givenName',
      'bart',
      actor('steward-pin', 'steward'),
      'patient prefers it',
    );
    await newRecord(s, { ...man('Wolstenholme', '453-67-8123', 'lab'), ssn: undefined });
    const person = await persons.person(first.personId, actor('reader'));
    assert.equal(person.golden.givenName?.value, 'bart');
    assert.equal(person.golden.givenName?.strategy, 'pinned');
    await s.get(UndoService).undo(pinned.eventId, actor('steward-pin', 'steward'), null);
    const undone = await persons.person(first.personId, actor('reader'));
    assert.equal(undone.golden.givenName?.value, 'bartholomew');
  });
});
