import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CanonicalRecord } from '../../src/matching/record-types';
import { Services, newPerson, newRecord, startServices } from '../support/service-context';

/** One man's home: what his registrations and his household's share. */
const HOME: CanonicalRecord = {
  family_name: 'Nowakowski',
  birth_date: '1948-08-13',
  sex: 'male',
  phone: '615-555-0197',
  address_line: '6915 Roadside Avenue',
  postal_code: '37283',
};

/** The hospital's record number, which the lab and the pharmacy were sent with his orders. */
const HOSPITAL_MRN = 'urn:example:mrn:hospital|H0032619';

describe('a record without a given name splits no one', () => {
  let s: Services;

  before(async () => {
    s = await startServices('linkage_nameless');
  });
  after(() => s.close());

  it('a named record certain for his person and for the nameless one links, and asks to merge', async () => {
    const hospital = await newPerson(s, {
      ...HOME,
      source: 'hospital',
      source_id: 'H0032619',
      given_name: 'Craig',
      ssn: '467-56-4950',
    });
    // Household fields alone: it may be any man of the home born that day (a twin), so it is
    // held back as a person of its own.
    const lab = await newRecord(s, {
      ...HOME,
      source: 'lab',
      given_name: '',
      other_identifiers: HOSPITAL_MRN,
    });
    assert.notEqual(lab.personId, hospital.personId, 'precondition: the nameless record is apart');

    const pharmacy = await newRecord(s, {
      ...HOME,
      source: 'pharmacy',
      given_name: 'Craig',
      other_identifiers: HOSPITAL_MRN,
    });

    // Certain for both persons, which do not contradict (nothing of the nameless record
    // differs from his): he is linked to his own, and a steward is asked whether the nameless
    // record is his. Before, the two counted as two people and he was linked to neither.
    assert.equal(pharmacy.link, 'auto');
    assert.equal(pharmacy.personId, hospital.personId);
    const tasks = await s.rows<{ kind: string; reason_code: string; candidate: string }>(
      `select kind, reason_code, candidate_person_id as candidate from review_task
        where record_id = $1 and status = 'open'`,
      [pharmacy.recordId],
    );
    assert.deepEqual(tasks, [
      { kind: 'merge-persons', reason_code: 'split-person', candidate: lab.personId },
    ]);
  });

  it('a nameless record under another middle name still counts as another person', async () => {
    const home: CanonicalRecord = {
      family_name: 'Wisniewski',
      birth_date: '1951-02-27',
      sex: 'male',
      phone: '615-555-0123',
      address_line: '12 Larkspur Lane',
      postal_code: '37201',
    };
    const hospital = await newPerson(s, {
      ...home,
      source: 'hospital',
      source_id: 'H0040001',
      given_name: 'Craig',
      middle_name: 'Sherman',
    });
    const lab = await newRecord(s, {
      ...home,
      source: 'lab',
      given_name: '',
      middle_name: 'Tobias',
      other_identifiers: 'urn:example:mrn:hospital|H0040001',
    });
    assert.notEqual(lab.personId, hospital.personId, 'precondition: the nameless record is apart');
    const pharmacy = await newRecord(s, {
      ...home,
      source: 'pharmacy',
      given_name: 'Craig',
      other_identifiers: 'urn:example:mrn:hospital|H0040001',
    });
    assert.notEqual(pharmacy.link, 'auto', 'two people by their middle names: a steward decides');
  });
});
