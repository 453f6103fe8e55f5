import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CanonicalRecord } from '../../src/matching/record-types';
import { Services, newPerson, newRecord, startServices } from '../support/service-context';

/** A newborn as the birth hospital registers him, before he has a name. */
function newborn(family: string, mrn: string, born: string): CanonicalRecord {
  return {
    source: 'hospital',
    source_id: mrn,
    given_name: 'Babyboy',
    family_name: family,
    birth_date: born,
    sex: 'male',
    phone: '718-555-0149',
    address_line: '5920 Robb Drive',
    postal_code: '11284',
  };
}

describe("a record's own key links the records that name it", () => {
  let s: Services;

  before(async () => {
    s = await startServices('linkage_own_identifier');
  });
  after(() => s.close());

  it("the lab's order naming the birth hospital's MRN links the named child to the newborn", async () => {
    const baby = await newPerson(s, newborn('Reyes', 'H0032391', '2015-04-08'));
    const lab = await newRecord(s, {
      source: 'lab',
      source_id: 'L00042173',
      given_name: 'Douglas',
      family_name: 'Reyes',
      birth_date: '2015-04-08',
      sex: 'male',
      phone: '718-555-0149',
      other_identifiers: 'hospital|H0032391',
    });
    assert.equal(lab.link, 'auto');
    assert.equal(lab.personId, baby.personId);
  });

  it('without the MRN, a placeholder name of the home may be a twin: a steward decides', async () => {
    const baby = await newPerson(s, {
      ...newborn('Okonkwo', 'H0032400', '2015-06-19'),
      phone: '718-555-0175',
      address_line: '18 Bergen Street',
    });
    const lab = await newRecord(s, {
      source: 'lab',
      source_id: 'L00042180',
      given_name: 'Chidi',
      family_name: 'Okonkwo',
      birth_date: '2015-06-19',
      sex: 'male',
      phone: '718-555-0175',
    });
    assert.notEqual(lab.personId, baby.personId);
    assert.equal(lab.reviews, 1);
  });
});
