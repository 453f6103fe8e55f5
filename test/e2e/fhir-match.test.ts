import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertFp, assertValidFhir } from '../support/fhir-conformance';
import {
  MatchEntry,
  PatientFields,
  gradeOf,
  matchParameters,
  patient,
  patientEntries,
  postMatch,
} from '../support/fhir-fixtures';
import {
  JANE,
  MatchBundle,
  PETER,
  Persons,
  assertMatchRules,
  matchClients,
  seedMatchPopulation,
} from '../support/fhir-match-population';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Patient/$match through real FHIR clients (fhir-kit-client, @medplum/core MedplumClient),
 * every answer checked against the R4 JSON schema and @medplum/core's validator, the $match
 * rules as FHIRPath. Test names cite the public case each one re-creates:
 *   IHE PDQm ITI-119 = https://profiles.ihe.net/ITI/PDQm/ITI-119.html, 2:3.119.4.1.3 cases 1-10
 *     (case 9, errors: fhir-match-errors.test.ts; cut-short retrieval: fhir-match-limits.test.ts)
 *   HAPI = hapi-fhir MdmProviderMatchR4Test (hapi-fhir-jpaserver-mdm)
 * Preconditions on grades are asserted, so a change of model thresholds shows as such.
 */
describe('FHIR Patient/$match: IHE ITI-119 cases (via fhir-kit-client and MedplumClient)', () => {
  let t: TestApp;
  let matchToken: string;
  let persons: Persons;
  let match: ReturnType<typeof matchClients>;

  before(async () => {
    t = await startTestApp('fhir_match');
    matchToken = await t.token('match');
    persons = await seedMatchPopulation(t);
    match = matchClients(t, matchToken);
  });
  after(() => t.close());

  it('IHE ITI-119 case 1 / HAPI testMatch: an exact re-submission answers one certain golden record (fhir-kit-client)', async () => {
    const bundle = await match.kit(PETER);
    assertMatchRules(bundle);
    const entries = patientEntries(bundle);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.resource.id, persons.peter);
    assert.equal(gradeOf(entries[0] as MatchEntry), 'certain');
    assertFp(bundle, `entry.first().fullUrl.endsWith('/fhir/Patient/${persons.peter}')`);
    assertFp(bundle, 'entry.first().search.score > 0.9');
    assertFp(
      bundle,
      "entry.first().resource.identifier.where(type.coding.code = 'MR' and system = 'st-mary').value = 'Q-1'",
    );
  });

  it('IHE ITI-119 case 2 / HAPI testMatchOrder: Jane ranks before Janet, scores non-increasing (MedplumClient)', async () => {
    const bundle = await match.medplum(JANE);
    assertMatchRules(bundle);
    const ids = patientEntries(bundle).map((e) => e.resource.id);
    assert.ok(ids.length >= 2, 'both Jane and Janet are found');
    assert.equal(ids[0], persons.jane, 'first match should be Jane');
    assert.equal(ids[1], persons.janet, 'second match should be Janet');
    assertFp(bundle, 'entry[0].search.score > entry[1].search.score');
  });

  it('IHE ITI-119 case 7 / HAPI testMismatch: no match is 200 with an empty searchset', async () => {
    const bundle = await match.kit({
      family: 'Paulsen',
      given: ['Paul'],
      birthDate: '1951-11-30',
      gender: 'male',
    });
    assertMatchRules(bundle);
    assert.equal(patientEntries(bundle).length, 0);
    assertFp(bundle, 'total = 0');
  });

  it('IHE ITI-119 case 3: onlyCertainMatches=true and one certain match answers that one', async () => {
    const bundle = await match.kit(PETER, [{ name: 'onlyCertainMatches', valueBoolean: true }]);
    assertFp(bundle, `entry.count() = 1 and entry.resource.id = '${persons.peter}'`);
    assertFp(
      bundle,
      "entry.search.extension('http://hl7.org/fhir/StructureDefinition/match-grade').value = 'certain'",
    );
  });

  it('IHE ITI-119 case 4: onlyCertainMatches=true and the one match not certain answers nothing', async () => {
    const shaky: PatientFields = {
      family: 'Quincy',
      given: ['Peter'],
      birthDate: '1962-07-15',
      gender: 'male',
    };
    const open = await match.kit(shaky);
    const entries = patientEntries(open);
    assert.equal(entries.length, 1, 'precondition: one person matches');
    assert.notEqual(
      gradeOf(entries[0] as MatchEntry),
      'certain',
      'precondition: not a certain match',
    );
    const strict = await match.kit(shaky, [{ name: 'onlyCertainMatches', valueBoolean: true }]);
    assertFp(strict, 'entry.empty() and total = 0');
  });

  it('IHE ITI-119 case 5: onlyCertainMatches=true and two persons could match (Jane, Janet) answers nothing', async () => {
    const open = await match.medplum(JANE);
    const grades = patientEntries(open).map(gradeOf);
    assert.equal(grades[0], 'certain', 'precondition: Jane is certain');
    assert.ok(
      grades[1] === 'certain' || grades[1] === 'probable',
      'precondition: Janet could match too',
    );
    const strict = await match.medplum(JANE, [{ name: 'onlyCertainMatches', valueBoolean: true }]);
    assertFp(strict, 'entry.empty()');
  });

  it('IHE ITI-119 case 6: count=1 keeps only the best match', async () => {
    const bundle = await match.kit(JANE, [{ name: 'count', valueInteger: 1 }]);
    assertFp(bundle, `entry.count() = 1 and entry.resource.id = '${persons.jane}'`);
  });

  it('IHE ITI-119 2:3.119.4.1.2: a bare Patient body is the same as Parameters holding only resource', async () => {
    const bare = await postMatch(t, matchToken, patient(JANE)).expect(200);
    const wrapped = await postMatch(t, matchToken, matchParameters(patient(JANE))).expect(200);
    assertValidFhir(bare.body, 'bare-body answer');
    const view = (b: MatchBundle) =>
      patientEntries(b).map((e) => [e.resource.id, e.search.score, gradeOf(e)]);
    assert.deepEqual(view(bare.body as MatchBundle), view(wrapped.body as MatchBundle));
    assert.match(String(bare.headers['content-type']), /application\/fhir\+json/);
  });

  it('IHE ITI-119 case 8: a merged-away person is never returned as active; its survivor answers', async () => {
    const bundle = await match.kit({
      family: 'Zephyr',
      given: ['Alice'],
      birthDate: '1984-03-12',
      gender: 'female',
    });
    assertMatchRules(bundle);
    const ids = patientEntries(bundle).map((e) => e.resource.id);
    assert.deepEqual(ids, [persons.alice]);
    assertFp(bundle, "entry.resource.identifier.where(system = 'county-lab').value = 'A-9'");
  });

  it('IHE ITI-119 case 10 / HAPI testMatchWithCoarseDateGranularity: a birth date of year and month still matches, with a warning', async () => {
    const coarse = {
      resourceType: 'Patient',
      active: true,
      name: [{ family: 'PETERSON', given: ['GARY', 'D'] }],
      telecom: [{ system: 'phone', value: '100100100', use: 'home' }],
      gender: 'male',
      birthDate: '1991-10',
      address: [{ state: 'NY', postalCode: '12313' }],
    };
    const bundle = await match.kit(coarse);
    assertMatchRules(bundle);
    assert.deepEqual(
      patientEntries(bundle).map((e) => e.resource.id),
      [persons.gary],
    );
    assertFp(
      bundle,
      "entry.where(search.mode = 'outcome').resource.issue.where(severity = 'warning').expression contains 'Patient.birthDate'",
    );
  });
});
