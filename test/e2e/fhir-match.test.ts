import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { assertFp, assertValidFhir, fhirKit, fp, medplum } from '../support/fhir-conformance';
import {
  MatchEntry,
  PatientFields,
  gradeOf,
  ingestRows,
  linkTo,
  matchParameters,
  mergePersons,
  ownPerson,
  patient,
  patientEntries,
  personOf,
  postMatch,
} from '../support/fhir-fixtures';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Patient/$match through real FHIR clients (fhir-kit-client, @medplum/core MedplumClient),
 * every answer checked against the R4 JSON schema and @medplum/core's validator, the $match
 * rules as FHIRPath. Test names cite the public case each one re-creates:
 *   IHE PDQm ITI-119 = https://profiles.ihe.net/ITI/PDQm/ITI-119.html, 2:3.119.4.1.3 cases 1-10
 *   HAPI = hapi-fhir MdmProviderMatchR4Test (hapi-fhir-jpaserver-mdm)
 * Persons that must be distinct are made distinct by a steward's unlink, so the fixtures do
 * not depend on where the model's thresholds lie; preconditions on grades are asserted.
 */
type Bundle = { resourceType: string; type?: string; total?: number; entry?: MatchEntry[] };

const JANE: PatientFields = {
  family: 'Smith',
  given: ['Jane'],
  birthDate: '1990-01-01',
  gender: 'female',
};
const PETER: PatientFields = {
  family: 'Quincy',
  given: ['Peter'],
  birthDate: '1962-07-14',
  gender: 'male',
  ssn: '512-44-3333',
  phone: '971 555 0134',
};
const PROBE_SCORES = "entry.where(search.mode = 'match').search.score";

describe('FHIR Patient/$match (ITI-119, HAPI MdmProviderMatchR4Test, via fhir-kit-client and MedplumClient)', () => {
  let t: TestApp;
  let matchToken: string;
  let stewardToken: string;
  const persons: Record<string, string> = {};

  before(async () => {
    t = await startTestApp('fhir_match');
    matchToken = await t.token('match');
    stewardToken = await t.token('steward');
    const rows = await ingestRows(t, [
      {
        source: 'st-mary',
        source_id: 'J-1',
        given_name: 'Jane',
        family_name: 'Smith',
        birth_date: '1990-01-01',
        sex: 'female',
        ssn: '512-44-1111',
        phone: '503-555-0101',
        address_line: '12 Oak Street',
        city: 'Salem',
        state: 'OR',
        postal_code: '97301',
      },
      {
        source: 'county-lab',
        source_id: 'L-77',
        given_name: 'Jane',
        middle_name: 'Ann',
        family_name: 'Smith',
        birth_date: '1990-01-01',
        sex: 'female',
        ssn: '512-44-1111',
      },
      {
        source: 'st-mary',
        source_id: 'J-2',
        given_name: 'Janet',
        family_name: 'Smith',
        birth_date: '1990-01-01',
        sex: 'female',
        ssn: '512-44-2222',
      },
      {
        source: 'st-mary',
        source_id: 'Q-1',
        given_name: 'Peter',
        family_name: 'Quincy',
        birth_date: '1962-07-14',
        sex: 'male',
        ssn: '512-44-3333',
        phone: '971 555 0134',
      },
      {
        source: 'st-mary',
        source_id: 'G-1',
        given_name: 'Gregory',
        family_name: 'Peterson',
        birth_date: '1980-02-02',
        sex: 'male',
      },
      {
        source: 'st-mary',
        source_id: 'B-1',
        given_name: 'Bob',
        family_name: 'Peterson',
        birth_date: '1980-02-02',
        sex: 'male',
      },
      {
        source: 'st-mary',
        source_id: 'GP-1',
        given_name: 'Gary',
        middle_name: 'D',
        family_name: 'Peterson',
        birth_date: '1991-10-10',
        sex: 'male',
        phone: '100100100',
        state: 'NY',
        postal_code: '12313',
      },
      {
        source: 'st-mary',
        source_id: 'A-1',
        given_name: 'Alice',
        family_name: 'Zephyr',
        birth_date: '1984-03-12',
        sex: 'female',
        ssn: '512-44-9876',
      },
      {
        source: 'county-lab',
        source_id: 'A-9',
        given_name: 'Alice',
        family_name: 'Zephyr',
        birth_date: '1984-03-12',
        sex: 'female',
        ssn: '598-33-1234',
      },
    ]);
    const id = (i: number): string => rows[i]?.recordId ?? '';
    persons.jane = await personOf(t, id(0));
    if ((await personOf(t, id(1))) !== persons.jane) await linkTo(t, id(1), persons.jane);
    persons.janet = await ownPerson(t, id(2));
    persons.peter = await ownPerson(t, id(3));
    persons.gregory = await ownPerson(t, id(4));
    persons.bob = await ownPerson(t, id(5));
    persons.gary = await ownPerson(t, id(6));
    persons.alice = await ownPerson(t, id(7));
    persons.aliceDuplicate = await ownPerson(t, id(8));
    await mergePersons(t, persons.aliceDuplicate, persons.alice);
  });
  after(() => t.close());

  async function kitMatch(
    fields: PatientFields | Record<string, unknown>,
    extra: Record<string, unknown>[] = [],
  ): Promise<Bundle> {
    const client = await fhirKit(t.baseUrl, matchToken);
    const resource =
      'resourceType' in fields
        ? (fields as Record<string, unknown>)
        : patient(fields as PatientFields);
    const input = matchParameters(resource, extra) as unknown as Parameters<
      typeof client.operation
    >[0]['input'];
    const bundle = (await client.operation({
      name: '$match',
      resourceType: 'Patient',
      method: 'POST',
      input,
    })) as Bundle;
    assertValidFhir(bundle, '$match Bundle');
    return bundle;
  }

  async function medplumMatch(
    fields: PatientFields,
    extra: Record<string, unknown>[] = [],
  ): Promise<Bundle> {
    const client = medplum(t.baseUrl, matchToken);
    const bundle = (await client.post(
      client.fhirUrl('Patient', '$match'),
      matchParameters(patient(fields), extra),
    )) as Bundle;
    assertValidFhir(bundle, '$match Bundle');
    return bundle;
  }

  /** The $match rules every answer keeps, as FHIRPath over the Bundle. */
  function assertMatchRules(bundle: Bundle): void {
    assertFp(bundle, "type = 'searchset'");
    assertFp(
      bundle,
      "entry.where(resource is Patient).all(search.mode = 'match' and search.score >= 0 and search.score <= 1)",
    );
    assertFp(
      bundle,
      "entry.where(resource is Patient).all(search.extension('http://hl7.org/fhir/StructureDefinition/match-grade').value in ('certain' | 'probable' | 'possible'))",
    );
    assertFp(bundle, 'entry.where(resource is Patient).all(resource.active = true)');
    const scores = fp(bundle, PROBE_SCORES) as number[];
    for (let i = 1; i < scores.length; i++)
      assert.ok((scores[i - 1] ?? 0) >= (scores[i] ?? 0), 'scores are non-increasing');
  }

  it('IHE ITI-119 case 1 / HAPI testMatch: an exact re-submission answers one certain golden record (fhir-kit-client)', async () => {
    const bundle = await kitMatch(PETER);
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
    const bundle = await medplumMatch(JANE);
    assertMatchRules(bundle);
    const ids = patientEntries(bundle).map((e) => e.resource.id);
    assert.ok(ids.length >= 2, 'both Jane and Janet are found');
    assert.equal(ids[0], persons.jane, 'first match should be Jane');
    assert.equal(ids[1], persons.janet, 'second match should be Janet');
    assertFp(bundle, 'entry[0].search.score > entry[1].search.score');
  });

  it('IHE ITI-119 case 7 / HAPI testMismatch: no match is 200 with an empty searchset', async () => {
    const bundle = await kitMatch({
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
    const bundle = await kitMatch(PETER, [{ name: 'onlyCertainMatches', valueBoolean: true }]);
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
    const open = await kitMatch(shaky);
    const entries = patientEntries(open);
    assert.equal(entries.length, 1, 'precondition: one person matches');
    assert.notEqual(
      gradeOf(entries[0] as MatchEntry),
      'certain',
      'precondition: not a certain match',
    );
    const strict = await kitMatch(shaky, [{ name: 'onlyCertainMatches', valueBoolean: true }]);
    assertFp(strict, 'entry.empty() and total = 0');
  });

  it('IHE ITI-119 case 5: onlyCertainMatches=true and two persons could match (Jane, Janet) answers nothing', async () => {
    const open = await medplumMatch(JANE);
    const grades = patientEntries(open).map(gradeOf);
    assert.equal(grades[0], 'certain', 'precondition: Jane is certain');
    assert.ok(
      grades[1] === 'certain' || grades[1] === 'probable',
      'precondition: Janet could match too',
    );
    const strict = await medplumMatch(JANE, [{ name: 'onlyCertainMatches', valueBoolean: true }]);
    assertFp(strict, 'entry.empty()');
  });

  it('IHE ITI-119 case 6: count=1 keeps only the best match', async () => {
    const bundle = await kitMatch(JANE, [{ name: 'count', valueInteger: 1 }]);
    assertFp(bundle, `entry.count() = 1 and entry.resource.id = '${persons.jane}'`);
  });

  it('IHE ITI-119 2:3.119.4.1.2: a bare Patient body is the same as Parameters holding only resource', async () => {
    const bare = await postMatch(t, matchToken, patient(JANE)).expect(200);
    const wrapped = await postMatch(t, matchToken, matchParameters(patient(JANE))).expect(200);
    assertValidFhir(bare.body, 'bare-body answer');
    const view = (b: Bundle) =>
      patientEntries(b).map((e) => [e.resource.id, e.search.score, gradeOf(e)]);
    assert.deepEqual(view(bare.body as Bundle), view(wrapped.body as Bundle));
    assert.match(String(bare.headers['content-type']), /application\/fhir\+json/);
  });

  it('IHE ITI-119 case 8: a merged-away person is never returned as active; its survivor answers', async () => {
    const bundle = await kitMatch({
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
    const bundle = await kitMatch(coarse);
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

  it('HAPI testNicknameMatch: Greg finds Gregory as a certain match; Bob is not a certain match for Greg', async () => {
    const greg = await medplumMatch({
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
    const strict = await medplumMatch(
      { family: 'Peterson', given: ['Greg'], birthDate: '1980-02-02', gender: 'male' },
      [{ name: 'onlyCertainMatches', valueBoolean: true }],
    );
    assertFp(strict, `entry.count() = 1 and entry.resource.id = '${persons.gregory}'`);
    const bob = await medplumMatch({
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
    const forMatcher = await kitMatch(PETER);
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
    await kitMatch(PETER);
    await kitMatch({ family: 'Paulsen', given: ['Paul'], birthDate: '1951-11-30', gender: 'male' });
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

  describe('IHE ITI-119 case 9: errors are 4xx OperationOutcomes', () => {
    const expectOutcome = async (res: request.Response, status: number): Promise<void> => {
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.resourceType, 'OperationOutcome');
      assertValidFhir(res.body, 'OperationOutcome');
      assertFp(res.body, "issue.all(severity = 'error')");
    };

    it('missing resource parameter', async () => {
      await expectOutcome(
        await postMatch(t, matchToken, {
          resourceType: 'Parameters',
          parameter: [{ name: 'count', valueInteger: 2 }],
        }),
        400,
      );
    });

    it('resource of the wrong type, and a body that is neither Parameters nor Patient', async () => {
      await expectOutcome(
        await postMatch(
          t,
          matchToken,
          matchParameters({ resourceType: 'Observation', status: 'final' }),
        ),
        400,
      );
      await expectOutcome(
        await postMatch(t, matchToken, { resourceType: 'Bundle', type: 'collection' }),
        400,
      );
    });

    it('count of the wrong type (string, decimal, zero) and onlyCertainMatches not boolean', async () => {
      for (const count of [{ valueString: '3' }, { valueDecimal: 2.5 }, { valueInteger: 0 }]) {
        await expectOutcome(
          await postMatch(
            t,
            matchToken,
            matchParameters(patient(JANE), [{ name: 'count', ...count }]),
          ),
          400,
        );
      }
      await expectOutcome(
        await postMatch(
          t,
          matchToken,
          matchParameters(patient(JANE), [{ name: 'onlyCertainMatches', valueString: 'true' }]),
        ),
        400,
      );
    });

    it('an unknown or repeated parameter is refused, never ignored', async () => {
      await expectOutcome(
        await postMatch(
          t,
          matchToken,
          matchParameters(patient(JANE), [{ name: 'onlyCertainMatch', valueBoolean: true }]),
        ),
        400,
      );
      await expectOutcome(
        await postMatch(
          t,
          matchToken,
          matchParameters(patient(JANE), [
            { name: 'count', valueInteger: 1 },
            { name: 'count', valueInteger: 2 },
          ]),
        ),
        400,
      );
    });

    it('GET (and PUT) on $match is 405 with Allow: POST', async () => {
      const get = await request(t.baseUrl)
        .get('/fhir/Patient/$match')
        .set('Authorization', `Bearer ${matchToken}`);
      await expectOutcome(get, 405);
      assert.equal(get.headers.allow, 'POST');
      await expectOutcome(
        await request(t.baseUrl)
          .put('/fhir/Patient/$match')
          .set('Authorization', `Bearer ${matchToken}`)
          .set('Content-Type', 'application/fhir+json')
          .send('{}'),
        405,
      );
    });

    it('wrong Content-Type is 415; unparseable JSON is 400', async () => {
      await expectOutcome(
        await postMatch(
          t,
          matchToken,
          JSON.stringify(matchParameters(patient(JANE))),
          'text/plain',
        ),
        415,
      );
      await expectOutcome(
        await postMatch(
          t,
          matchToken,
          '{"resourceType": "Parameters", "parameter": [',
          'application/fhir+json',
        ),
        400,
      );
    });

    it('a Patient with a modifierExtension (ITI-119 test plan) or an invalid birth date is 400, naming the element', async () => {
      const modified = {
        ...patient(JANE),
        modifierExtension: [{ url: 'urn:example:x', valueBoolean: true }],
      };
      const res = await postMatch(t, matchToken, matchParameters(modified));
      await expectOutcome(res, 400);
      assertFp(res.body, "issue.expression contains 'Patient.modifierExtension'");
      await expectOutcome(
        await postMatch(
          t,
          matchToken,
          matchParameters(patient({ ...JANE, birthDate: '1990-02-30' })),
        ),
        400,
      );
    });

    it('no token is 401, a role without match is 403', async () => {
      await expectOutcome(
        await request(t.baseUrl)
          .post('/fhir/Patient/$match')
          .set('Content-Type', 'application/fhir+json')
          .send(JSON.stringify(patient(JANE))),
        401,
      );
      await expectOutcome(await postMatch(t, await t.token('ingest'), patient(JANE)), 403);
    });
  });
});
