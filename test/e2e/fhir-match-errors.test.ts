import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { assertFp, assertValidFhir } from '../support/fhir-conformance';
import { matchParameters, patient, postMatch } from '../support/fhir-fixtures';
import { JANE } from '../support/fhir-match-population';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * IHE PDQm ITI-119 case 9 (https://profiles.ihe.net/ITI/PDQm/ITI-119.html 2:3.119.4.1.3):
 * issues with the request answer an HTTP 4xx with an OperationOutcome, valid R4.
 */
describe('FHIR Patient/$match errors', () => {
  let t: TestApp;
  let matchToken: string;

  before(async () => {
    t = await startTestApp('fhir_match_errors');
    matchToken = await t.token('match');
  });
  after(() => t.close());

  const expectOutcome = async (res: request.Response, status: number): Promise<void> => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.resourceType, 'OperationOutcome');
    assertValidFhir(res.body, 'OperationOutcome');
    assertFp(res.body, "issue.all(severity = 'error')");
  };

  it('IHE ITI-119 case 9: missing resource parameter', async () => {
    await expectOutcome(
      await postMatch(t, matchToken, {
        resourceType: 'Parameters',
        parameter: [{ name: 'count', valueInteger: 2 }],
      }),
      400,
    );
  });

  it('IHE ITI-119 case 9: resource of the wrong type, and a body that is neither Parameters nor Patient', async () => {
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

  it('IHE ITI-119 case 9: count of the wrong type (string, decimal, zero) and onlyCertainMatches not boolean', async () => {
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

  it('IHE ITI-119 case 9: an unknown or repeated parameter is refused, never ignored', async () => {
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

  it('IHE ITI-119 case 9: GET (and PUT) on $match is 405 with Allow: POST', async () => {
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

  it('IHE ITI-119 case 9: wrong Content-Type is 415; unparseable JSON is 400', async () => {
    await expectOutcome(
      await postMatch(t, matchToken, JSON.stringify(matchParameters(patient(JANE))), 'text/plain'),
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

  it('IHE ITI-119 case 9: a Patient with a modifierExtension (ITI-119 test plan) or an invalid birth date is 400, naming the element', async () => {
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

  it('IHE ITI-119 case 9: no token is 401, a role without match is 403', async () => {
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
