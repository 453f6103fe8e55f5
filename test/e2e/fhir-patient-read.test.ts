import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { assertFp, assertValidFhir, fhirKit, fp, medplum } from '../support/fhir-conformance';
import { ingestRows, linkTo, mergePersons, ownPerson, personOf } from '../support/fhir-fixtures';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * GET /fhir/Patient/{id} and /fhir/metadata through MedplumClient and fhir-kit-client: golden
 * records with their records' identifiers, provenance and links; source records as Patients;
 * merged-away ids; the CapabilityStatement. Every answer validated as R4.
 */
type Resource = { resourceType: string; id?: string } & Record<string, unknown>;

describe('FHIR Patient read and metadata (MedplumClient, fhir-kit-client)', () => {
  let t: TestApp;
  let token: string;
  let jane = '';
  let alice = '';
  let aliceDuplicate = '';
  let emptied = '';
  const records: string[] = [];

  before(async () => {
    t = await startTestApp('fhir_patient_read');
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
        phone: '(503) 555-0101',
        email: 'Jane.Smith@Example.com',
        address_line: '12 Oak Street',
        city: 'Salem',
        state: 'OR',
        postal_code: '97301-1234',
        other_identifiers: 'urn:oid:2.16.840.1.113883.4.3.41|D123-456',
      },
      {
        source: 'county-lab',
        source_id: 'L-77',
        given_name: 'Jane',
        middle_name: 'Ann',
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
    ]);
    records.push(...rows.map((r) => r.recordId));
    jane = await personOf(t, records[0] ?? '');
    if ((await personOf(t, records[1] ?? '')) !== jane) await linkTo(t, records[1] ?? '', jane);
    emptied = await personOf(t, records[2] ?? '');
    alice = await ownPerson(t, records[2] ?? '');
    aliceDuplicate = await ownPerson(t, records[3] ?? '');
    await mergePersons(t, aliceDuplicate, alice);
  });
  after(() => t.close());

  it('reads a golden record: identifiers of all its records, provenance per golden field, seealso links (MedplumClient)', async () => {
    const patient = (await medplum(t.baseUrl, token).readResource('Patient', jane)) as Resource;
    assertValidFhir(patient, 'golden Patient');
    assertFp(patient, `id = '${jane}' and active = true`);
    assertFp(
      patient,
      "identifier.where(type.coding.code = 'MR' and system = 'st-mary').value = 'J-1'",
    );
    assertFp(
      patient,
      "identifier.where(type.coding.code = 'MR' and system = 'county-lab').value = 'L-77'",
    );
    assertFp(patient, "identifier.where(system = 'http://hl7.org/fhir/sid/us-ssn').count() = 1");
    assertFp(
      patient,
      "identifier.where(system = 'urn:oid:2.16.840.1.113883.4.3.41').value = 'D123456'",
    );
    assertFp(
      patient,
      "name.family = 'Smith' and name.given.first() = 'Jane' and name.given[1] = 'Ann'",
    );
    assertFp(patient, "birthDate = @1990-01-01 and gender = 'female'");
    assertFp(
      patient,
      "address.postalCode = '97301' and address.state = 'OR' and address.city = 'Salem'",
    );
    assertFp(
      patient,
      "telecom.where(system = 'phone').value = '5035550101' and telecom.where(system = 'email').value = 'jane.smith@example.com'",
    );
    assertFp(
      patient,
      `link.where(type = 'seealso').other.reference contains 'Patient/${records[0]}'`,
    );
    assertFp(
      patient,
      `link.where(type = 'seealso').other.reference contains 'Patient/${records[1]}'`,
    );
    const provenance =
      "extension.where(url = 'urn:mpi:fhir:StructureDefinition/golden-provenance')";
    assertFp(patient, `${provenance}.count() >= 8`);
    assertFp(
      patient,
      `${provenance}.all(extension('element').exists() and extension('strategy').exists() and extension('path').exists())`,
    );
    assertFp(patient, `${provenance}.all(extension('reason').value.exists())`);
    assertFp(
      patient,
      `${provenance}.where(extension('element').value = 'middleName').extension('record').value.reference = 'Patient/${records[1]}'`,
    );
    assertFp(
      patient,
      `${provenance}.where(extension('element').value = 'postalCode').extension('source').value = 'st-mary'`,
    );
  });

  it('reads a source record as a Patient that refers to its golden record (fhir-kit-client)', async () => {
    const client = await fhirKit(t.baseUrl, token);
    const record = (await client.read({
      resourceType: 'Patient',
      id: records[1] ?? '',
    })) as Resource;
    assertValidFhir(record, 'source-record Patient');
    assertFp(
      record,
      `id = '${records[1]}' and link.type = 'refer' and link.other.reference = 'Patient/${jane}'`,
    );
    assertFp(
      record,
      "identifier.where(type.coding.code = 'MR').system = 'county-lab' and identifier.where(type.coding.code = 'MR').value = 'L-77'",
    );
    assertFp(record, "name.given = 'Jane' | 'Ann'");
  });

  it('a merged-away id answers an inactive Patient replaced-by the survivor, which reads as active', async () => {
    const client = medplum(t.baseUrl, token);
    const merged = (await client.readResource('Patient', aliceDuplicate)) as Resource;
    assertValidFhir(merged, 'merged-away Patient');
    assertFp(
      merged,
      `active = false and link.type = 'replaced-by' and link.other.reference = 'Patient/${alice}'`,
    );
    assertFp(merged, 'name.empty() and identifier.empty()');
    const survivor = (await client.readResource('Patient', alice)) as Resource;
    assertFp(survivor, "active = true and identifier.where(system = 'county-lab').value = 'A-9'");
  });

  it('a person left without records is 410 Gone with an OperationOutcome', async () => {
    const res = await request(t.baseUrl)
      .get(`/fhir/Patient/${emptied}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(410);
    assertValidFhir(res.body, 'OperationOutcome');
    assertFp(res.body, "issue.code = 'deleted'");
  });

  it('an unknown or malformed id is 404 with an OperationOutcome; no token is 401', async () => {
    for (const id of ['3f1c6b1e-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await request(t.baseUrl)
        .get(`/fhir/Patient/${id}`)
        .set('Authorization', `Bearer ${token}`)
        .expect(404);
      assertValidFhir(res.body, 'OperationOutcome');
      assertFp(res.body, "issue.code = 'not-found'");
    }
    const anonymous = await request(t.baseUrl).get(`/fhir/Patient/${jane}`).expect(401);
    assert.equal(anonymous.body.resourceType, 'OperationOutcome');
  });

  it('audits each read as a disclosure of the person and its records', async () => {
    const db = t.app.get(DataSource);
    await request(t.baseUrl)
      .get(`/fhir/Patient/${jane}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const [event]: { person_ids: string[]; record_ids: string[] }[] = await db.query(
      `select person_ids, record_ids from audit_event where action = 'person.read' order by seq desc limit 1`,
    );
    assert.deepEqual(event?.person_ids, [jane]);
    assert.deepEqual([...(event?.record_ids ?? [])].sort(), [records[0], records[1]].sort());
  });

  it('GET /fhir/metadata is public and names Patient, its interactions, search parameters, $match, $ihe-pix and security (fhir-kit-client)', async () => {
    const client = await fhirKit(t.baseUrl, '');
    const statement = (await client.capabilityStatement()) as Resource;
    assertValidFhir(statement, 'CapabilityStatement');
    assertFp(
      statement,
      "fhirVersion = '4.0.1' and kind = 'instance' and format contains 'application/fhir+json'",
    );
    const patient = "rest.resource.where(type = 'Patient')";
    assertFp(
      statement,
      `${patient}.interaction.code contains 'read' and ${patient}.interaction.code contains 'search-type'`,
    );
    for (const name of [
      'identifier',
      'family',
      'given',
      'birthdate',
      'gender',
      'phone',
      'address-postalcode',
    ]) {
      assertFp(
        statement,
        `${patient}.searchParam.name contains '${name}'`,
        `search parameter ${name}`,
      );
    }
    assertFp(
      statement,
      `${patient}.operation.where(name = 'match').definition = 'http://hl7.org/fhir/OperationDefinition/Patient-match'`,
    );
    assertFp(statement, `${patient}.operation.where(name = 'ihe-pix').exists()`);
    assertFp(statement, 'rest.security.service.coding.code.exists()');
    assert.deepEqual(fp(statement, "rest.resource.where(type = 'AuditEvent').interaction.code"), [
      'read',
      'search-type',
    ]);
  });
});
