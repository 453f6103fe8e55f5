import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { assertFp, assertValidFhir } from '../support/fhir-conformance';
import {
  MatchEntry,
  gradeOf,
  matchParameters,
  patient,
  patientEntries,
  postMatch,
} from '../support/fhir-fixtures';
import {
  PETER,
  Persons,
  matchClients,
  seedMatchPopulation,
} from '../support/fhir-match-population';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Patient/$match beyond the ITI-119 cases: HAPI MdmProviderMatchR4Test.testNicknameMatch
 * (hapi-fhir-jpaserver-mdm), the explanation extension and who may see its values, and the
 * disclosure audit of every call.
 */
describe('FHIR Patient/$match: nicknames, explanations, audit', () => {
  let t: TestApp;
  let matchToken: string;
  let stewardToken: string;
  let persons: Persons;
  let match: ReturnType<typeof matchClients>;

  before(async () => {
    t = await startTestApp('fhir_match_explain');
    matchToken = await t.token('match');
    stewardToken = await t.token('steward');
    persons = await seedMatchPopulation(t);
    match = matchClients(t, matchToken);
  });
  after(() => t.close());

  it('HAPI testNicknameMatch: Greg finds Gregory as a certain match; Bob is not a certain match for Greg', async () => {
    const greg = await match.medplum({
      family: 'Peterson',
      given: ['Greg'],
      birthDate: '1980-02-02',
      gender: 'male',
    });
    const entries = patientEntries(greg);
    assert.equal(entries[0]?.resource.id, persons.gregory);
    assert.equal(gradeOf(entries[0] as MatchEntry), 'certain');
    assert.ok(
      entries.filter((e) => e.resource.id === persons.bob).every((e) => gradeOf(e) !== 'certain'),
    );
    const strict = await match.medplum(
      { family: 'Peterson', given: ['Greg'], birthDate: '1980-02-02', gender: 'male' },
      [{ name: 'onlyCertainMatches', valueBoolean: true }],
    );
    assertFp(strict, `entry.count() = 1 and entry.resource.id = '${persons.gregory}'`);
    const bob = await match.medplum({
      family: 'Peterson',
      given: ['Bob'],
      birthDate: '1980-02-02',
      gender: 'male',
    });
    assert.ok(
      patientEntries(bob)
        .filter((e) => e.resource.id === persons.gregory)
        .every((e) => gradeOf(e) !== 'certain'),
      'Bob is no nickname of Gregory',
    );
  });

  it('explains each score: per field level and weight; the compared values only for a steward', async () => {
    const forMatcher = await match.kit(PETER);
    const explanation =
      "entry.first().search.extension('urn:mpi:fhir:StructureDefinition/match-explanation')";
    assertFp(forMatcher, `${explanation}.extension('comparison').exists()`);
    assertFp(
      forMatcher,
      `${explanation}.extension('comparison').all(extension('field').exists() and extension('level').exists() and extension('weight').exists())`,
    );
    assertFp(
      forMatcher,
      `${explanation}.extension('comparison').where(extension('field').value = 'birth_date').extension('level').value = 'exact'`,
    );
    assertFp(
      forMatcher,
      `${explanation}.descendants().where(url = 'queryValue' or url = 'recordValue').empty()`,
    );
    const steward = await postMatch(t, stewardToken, matchParameters(patient(PETER))).expect(200);
    assertValidFhir(steward.body, 'steward $match Bundle');
    assertFp(
      steward.body,
      `${explanation}.extension('comparison').where(extension('field').value = 'family_name').extension('recordValue').value = 'quincy'`,
    );
    assertFp(
      steward.body,
      `${explanation}.extension('comparison').where(extension('field').value = 'ssn').extension('recordValue').value.exists()`,
    );
    assert.equal(
      JSON.stringify(steward.body).includes('512443333"},{"url":"recordValue'),
      false,
      'identifiers are never shown raw in explanations',
    );
  });

  it('audits every $match as a disclosure: the persons released, or that none were', async () => {
    const db = t.app.get(DataSource);
    const before = Number(
      (await db.query(`select count(*) from audit_event where action = 'match.query'`))[0].count,
    );
    await match.kit(PETER);
    await match.kit({
      family: 'Paulsen',
      given: ['Paul'],
      birthDate: '1951-11-30',
      gender: 'male',
    });
    const events: { person_ids: string[]; detail: { released: number } }[] = await db.query(
      `select person_ids, detail from audit_event where action = 'match.query' order by seq desc limit 2`,
    );
    assert.equal(
      Number(
        (await db.query(`select count(*) from audit_event where action = 'match.query'`))[0].count,
      ),
      before + 2,
    );
    assert.deepEqual(events[1]?.person_ids, [persons.peter]);
    assert.equal(events[1]?.detail.released, 1);
    assert.deepEqual(events[0]?.person_ids, []);
    assert.equal(events[0]?.detail.released, 0);
  });
});
