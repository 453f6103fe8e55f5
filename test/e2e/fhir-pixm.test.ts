import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { assertFp, assertValidFhir, fhirKit, medplum } from '../support/fhir-conformance';
import { ingestRows, linkTo, mergePersons, ownPerson, personOf } from '../support/fhir-fixtures';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * IHE PIXm Get Corresponding Identifiers [ITI-83]
 * (https://profiles.ihe.net/ITI/PIXm/ITI-83.html, sections 2:3.83.4.2.2.1-5) through
 * fhir-kit-client and MedplumClient; failures checked for the status, issue code and
 * diagnostics the transaction fixes.
 */
const DL = 'urn:oid:2.16.840.1.113883.4.3.41';
const SSN = 'http://hl7.org/fhir/sid/us-ssn';

describe('FHIR PIXm $ihe-pix (IHE ITI-83)', () => {
  let t: TestApp;
  let token: string;
  let jane = '';
  let alice = '';
  let aliceDuplicate = '';

  before(async () => {
    t = await startTestApp('fhir_pixm');
    // Reading and searching the index is a steward's; `match` only asks $match.
    token = await t.token('steward');
    const rows = await ingestRows(t, [
      {
        source: 'st-mary',
        source_id: 'J-1',
        given_name: 'Jane',
        family_name: 'Smith',
        birth_date: '1990-01-01',
        sex: 'female',
        ssn: '512-44-1111',
        other_identifiers: `${DL}|D123-456`,
      },
      {
        source: 'county-lab',
        source_id: 'L-77',
        given_name: 'Jane',
        family_name: 'Smith',
        birth_date: '1990-01-01',
        sex: 'female',
        ssn: '512441111',
      },
      {
        source: 'st-mary',
        source_id: 'A-1',
        given_name: 'Alice',
        family_name: 'Zephyr',
        birth_date: '1984-03-12',
        sex: 'female',
      },
      {
        source: 'county-lab',
        source_id: 'A-9',
        given_name: 'Alice',
        family_name: 'Zephyr',
        birth_date: '1984-03-12',
        sex: 'female',
      },
      {
        source: 'st-mary',
        source_id: 'Q-1',
        given_name: 'Peter',
        family_name: 'Quincy',
        birth_date: '1962-07-14',
        sex: 'male',
      },
    ]);
    const record = (i: number): string => rows[i]?.recordId ?? '';
    jane = await personOf(t, record(0));
    if ((await personOf(t, record(1))) !== jane) await linkTo(t, record(1), jane);
    alice = await ownPerson(t, record(2));
    aliceDuplicate = await ownPerson(t, record(3));
    await mergePersons(t, aliceDuplicate, alice);
    await ownPerson(t, record(4));
  });
  after(() => t.close());

  const pix = (query: string, bearer = token): request.Test =>
    request(t.baseUrl)
      .get(`/fhir/Patient/$ihe-pix?${query}`)
      .set('Authorization', `Bearer ${bearer}`);

  async function kitPix(
    input: Record<string, string | string[]>,
  ): Promise<Record<string, unknown>> {
    const client = await fhirKit(t.baseUrl, token);
    const answer = (await client.operation({
      name: '$ihe-pix',
      resourceType: 'Patient',
      method: 'GET',
      input,
    })) as Record<string, unknown>;
    assertValidFhir(answer, 'PIXm Parameters');
    return answer;
  }

  it('IHE ITI-83 2:3.83.4.2.2.1: every other identifier and the golden Patient, never the one asked about (fhir-kit-client)', async () => {
    const answer = await kitPix({ sourceIdentifier: 'st-mary|J-1' });
    assertFp(answer, "resourceType = 'Parameters'");
    assertFp(
      answer,
      "parameter.where(name = 'targetIdentifier').value.where(system = 'county-lab').value = 'L-77'",
    );
    assertFp(
      answer,
      `parameter.where(name = 'targetIdentifier').value.where(system = '${SSN}').value = '512441111'`,
    );
    assertFp(
      answer,
      `parameter.where(name = 'targetIdentifier').value.where(system = '${DL}').value = 'D123456'`,
    );
    assertFp(
      answer,
      "parameter.where(name = 'targetIdentifier').value.where(system = 'st-mary').empty()",
    );
    assertFp(answer, `parameter.where(name = 'targetId').value.reference = 'Patient/${jane}'`);
  });

  it('IHE ITI-83 2:3.83.4.1.2.2: targetSystem selects the domains returned (MedplumClient)', async () => {
    const client = medplum(t.baseUrl, token);
    const url = `${client.fhirUrl('Patient', '$ihe-pix').toString()}?sourceIdentifier=${encodeURIComponent(`${SSN}|512-44-1111`)}&targetSystem=county-lab`;
    const answer = (await client.get(url)) as Record<string, unknown>;
    assertValidFhir(answer, 'PIXm Parameters');
    assertFp(
      answer,
      "parameter.count() = 1 and parameter.name = 'targetIdentifier' and parameter.value.value = 'L-77'",
    );
    const withBase = await kitPix({
      sourceIdentifier: `${SSN}|512441111`,
      targetSystem: [`${t.baseUrl}/fhir`, DL],
    });
    assertFp(
      withBase,
      `parameter.where(name = 'targetId').value.reference = 'Patient/${jane}' and parameter.where(name = 'targetIdentifier').value.system = '${DL}'`,
    );
  });

  it('IHE ITI-83 2:3.83.4.2.2.2: a known domain but unknown identifier is 404 not-found', async () => {
    const res = await pix('sourceIdentifier=st-mary|NO-SUCH').expect(404);
    assertValidFhir(res.body, 'OperationOutcome');
    assertFp(
      res.body,
      "issue.severity = 'error' and issue.code = 'not-found' and issue.diagnostics = 'sourceIdentifier Patient Identifier not found'",
    );
  });

  it('IHE ITI-83 2:3.83.4.2.2.3: an unknown source domain is 400 code-invalid', async () => {
    const res = await pix(
      'sourceIdentifier=urn:oid:1.3.6.1.4.1.21367.13.20.9999|IHERED-994',
    ).expect(400);
    assertValidFhir(res.body, 'OperationOutcome');
    assertFp(
      res.body,
      "issue.severity = 'error' and issue.code = 'code-invalid' and issue.diagnostics = 'sourceIdentifier Assigning Authority not found'",
    );
  });

  it('IHE ITI-83 2:3.83.4.2.2.4: an unknown target domain is 403 code-invalid', async () => {
    const res = await pix(
      'sourceIdentifier=st-mary|J-1&targetSystem=urn:oid:1.3.6.1.4.1.21367.13.20.3000',
    ).expect(403);
    assertValidFhir(res.body, 'OperationOutcome');
    assertFp(
      res.body,
      "issue.severity = 'error' and issue.code = 'code-invalid' and issue.diagnostics = 'targetSystem not found'",
    );
  });

  it('IHE ITI-83 2:3.83.4.2.2.5: after a merge, the merged records and the old logical id answer the survivor', async () => {
    const byRecord = await kitPix({ sourceIdentifier: 'county-lab|A-9' });
    assertFp(byRecord, `parameter.where(name = 'targetId').value.reference = 'Patient/${alice}'`);
    assertFp(
      byRecord,
      "parameter.where(name = 'targetIdentifier').value.where(system = 'st-mary').value = 'A-1'",
    );
    const byLogicalId = await kitPix({
      sourceIdentifier: `${t.baseUrl}/fhir|Patient/${aliceDuplicate}`,
    });
    assertFp(
      byLogicalId,
      `parameter.where(name = 'targetId').value.reference = 'Patient/${alice}'`,
    );
  });

  it('IHE ITI-83 2:3.83.4.1.2.1: sourceIdentifier is required once with both parts; patient:read is required', async () => {
    for (const query of [
      '',
      'sourceIdentifier=J-1',
      'sourceIdentifier=st-mary|J-1&sourceIdentifier=st-mary|A-1',
      'sourceIdentifier=st-mary|J-1&patient=x',
    ]) {
      const res = await pix(query);
      assert.equal(res.status, 400, query);
      assertValidFhir(res.body, 'OperationOutcome');
    }
    await pix('sourceIdentifier=st-mary|J-1', await t.token('ingest')).expect(403);
  });
});
