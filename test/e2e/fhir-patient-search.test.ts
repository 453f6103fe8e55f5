import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { assertFp, assertValidFhir, fhirKit, fp, medplum } from '../support/fhir-conformance';
import { ingestRows, mergePersons, ownPerson, personOf } from '../support/fhir-fixtures';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * GET /fhir/Patient?... (IHE PDQm ITI-78 style search over golden records) through
 * fhir-kit-client and MedplumClient: identifier (system|value, normalized like ingest), names,
 * birthdate with prefixes, gender, phone, postal code, and _count paging with next links.
 */
type Bundle = {
  resourceType: string;
  total?: number;
  entry?: { resource: { id?: string } }[];
  link?: { relation: string; url: string }[];
};

const SMITH_YEARS = ['1950', '1951', '1952', '1953', '1954'];

describe('FHIR Patient search (fhir-kit-client, MedplumClient)', () => {
  let t: TestApp;
  let token: string;
  let jane = '';
  let alice = '';
  const smiths: string[] = [];

  before(async () => {
    t = await startTestApp('fhir_patient_search');
    // Reading and searching the index is a steward's; `match` only asks $match.
    token = await t.token('steward');
    const rows = await ingestRows(t, [
      {
        source: 'st-mary',
        source_id: 'J-1',
        given_name: 'Jane',
        middle_name: 'Olivia',
        family_name: 'Smithers',
        birth_date: '1990-06-15',
        sex: 'female',
        ssn: '512-44-1111',
        phone: '(503) 555-0101',
        email: 'jane@example.com',
        postal_code: '97301-1234',
        other_identifiers: 'urn:oid:2.16.840.1.113883.4.3.41|D123-456',
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
      ...SMITH_YEARS.map((year, i) => ({
        source: 'st-mary',
        source_id: `S-${i}`,
        given_name: ['Adam', 'Bruno', 'Carl', 'Dirk', 'Emil'][i] ?? 'X',
        family_name: 'Smith',
        birth_date: `${year}-0${i + 1}-1${i}`,
        sex: i % 2 === 0 ? 'male' : 'female',
      })),
    ]);
    jane = await personOf(t, rows[0]?.recordId ?? '');
    alice = await ownPerson(t, rows[1]?.recordId ?? '');
    await mergePersons(t, await ownPerson(t, rows[2]?.recordId ?? ''), alice);
    for (const row of rows.slice(3)) smiths.push(await ownPerson(t, row.recordId));
  });
  after(() => t.close());

  async function kitSearch(searchParams: Record<string, string | string[]>): Promise<Bundle> {
    const client = await fhirKit(t.baseUrl, token);
    const bundle = (await client.search({ resourceType: 'Patient', searchParams })) as Bundle;
    assertValidFhir(bundle, 'search Bundle');
    assertFp(
      bundle,
      "type = 'searchset' and entry.all(search.mode = 'match' and resource is Patient)",
    );
    return bundle;
  }

  const ids = (bundle: Bundle): string[] => (bundle.entry ?? []).map((e) => e.resource.id ?? '');

  it('IHE PDQm ITI-78: identifier=system|value finds the golden record by SSN, MRN or another identifier, however punctuated', async () => {
    for (const identifier of [
      'http://hl7.org/fhir/sid/us-ssn|512441111',
      'http://hl7.org/fhir/sid/us-ssn|512-44-1111',
      'st-mary|J-1',
      'urn:oid:2.16.840.1.113883.4.3.41|d123 456',
    ]) {
      const bundle = await kitSearch({ identifier });
      assert.deepEqual(ids(bundle), [jane], identifier);
      assertFp(bundle, 'total = 1');
    }
    assert.deepEqual(ids(await kitSearch({ identifier: 'st-mary|J-404' })), []);
    assert.deepEqual(
      ids(await kitSearch({ identifier: 'county-lab|J-1' })),
      [],
      'an MRN belongs to its source',
    );
  });

  it('IHE PDQm ITI-78: family and given match from the start of the name; :exact needs the whole name', async () => {
    assert.deepEqual(ids(await kitSearch({ family: 'smithe' })), [jane]);
    assert.deepEqual(ids(await kitSearch({ 'family:exact': 'Smithers' })), [jane]);
    assert.deepEqual(ids(await kitSearch({ 'family:exact': 'Smith' })).sort(), [...smiths].sort());
    assert.deepEqual(ids(await kitSearch({ family: 'Smith', given: 'car' })), [smiths[2]]);
    assert.deepEqual(
      ids(await kitSearch({ family: 'Smith' })).sort(),
      [...smiths, jane].sort(),
      'Smith is a prefix of Smithers',
    );
    assert.deepEqual(ids(await kitSearch({ given: 'Oliv' })), [jane], 'given covers middle names');
  });

  it('IHE PDQm ITI-78: birthdate with prefixes and precisions (eq, ne, lt, le, gt, ge, year, month)', async () => {
    const smith = (birthdate: string | string[]): Promise<string[]> =>
      kitSearch({ 'family:exact': 'Smith', birthdate }).then((b) => ids(b).sort());
    assert.deepEqual(await smith('1952'), [smiths[2]]);
    assert.deepEqual(await smith('1952-03'), [smiths[2]]);
    assert.deepEqual(await smith('eq1952-03-12'), [smiths[2]]);
    assert.deepEqual(await smith('lt1952'), [smiths[0], smiths[1]].sort());
    assert.deepEqual(await smith('le1952'), [smiths[0], smiths[1], smiths[2]].sort());
    assert.deepEqual(await smith('gt1952-03-12'), [smiths[3], smiths[4]].sort());
    assert.deepEqual(await smith(['ge1951', 'lt1953']), [smiths[1], smiths[2]].sort());
    assert.equal((await smith('ne1952')).length, 4);
  });

  it('IHE PDQm ITI-78: gender (with another parameter), phone in any punctuation, postal code from a ZIP+4', async () => {
    assert.deepEqual(
      ids(await kitSearch({ 'family:exact': 'Smith', gender: 'female' })).sort(),
      [smiths[1], smiths[3]].sort(),
    );
    assert.deepEqual(ids(await kitSearch({ phone: '+1 503 555 0101' })), [jane]);
    assert.deepEqual(ids(await kitSearch({ email: 'JANE@example.com' })), [jane]);
    assert.deepEqual(ids(await kitSearch({ 'address-postalcode': '97301' })), [jane]);
    assert.deepEqual(ids(await kitSearch({ 'address-postalcode': '973' })), [jane]);
  });

  it('merged-away persons are never found; their records answer under the survivor', async () => {
    assert.deepEqual(ids(await kitSearch({ family: 'Zephyr' })), [alice]);
    assert.deepEqual(ids(await kitSearch({ identifier: 'county-lab|A-9' })), [alice]);
  });

  it('_count pages with total and next links that the clients follow (fhir-kit nextPage, Medplum searchResourcePages)', async () => {
    const client = await fhirKit(t.baseUrl, token);
    const first = (await client.search({
      resourceType: 'Patient',
      searchParams: { 'family:exact': 'Smith', _count: '2' },
    })) as Bundle;
    assertValidFhir(first, 'page 1');
    assertFp(first, 'total = 5 and entry.count() = 2');
    assertFp(first, "link.where(relation = 'next').url.contains('_offset=2')");
    const seen = [...ids(first)];
    let page: Bundle | undefined = first;
    while (page && fp(page, "link.where(relation = 'next').exists()")[0] === true) {
      page = (await client.nextPage({ bundle: page as never })) as Bundle;
      assertValidFhir(page, 'next page');
      seen.push(...ids(page));
    }
    assert.deepEqual([...seen].sort(), [...smiths].sort(), 'every Smith exactly once across pages');
    const pages: string[][] = [];
    for await (const resources of medplum(t.baseUrl, token).searchResourcePages('Patient', {
      'family:exact': 'Smith',
      _count: '2',
    })) {
      pages.push(resources.map((r: { id?: string }) => r.id ?? ''));
    }
    assert.deepEqual(
      pages.map((p) => p.length),
      [2, 2, 1],
    );
  });

  it('refuses what it cannot answer faithfully, with a 400 OperationOutcome naming the parameter', async () => {
    for (const query of [
      'name=Smith',
      'identifier=512441111',
      'birthdate=1952-13',
      'birthdate=ap1952',
      'gender=male',
      '',
      'family=Smith&_count=100000',
      'family=Smith,Jones',
      'family:contains=Smi',
    ]) {
      const res = await request(t.baseUrl)
        .get(`/fhir/Patient?${query}`)
        .set('Authorization', `Bearer ${token}`);
      assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
      assertValidFhir(res.body, 'OperationOutcome');
    }
  });

  it('audits each search with the persons it released', async () => {
    await kitSearch({ identifier: 'st-mary|J-1' });
    const [event]: { person_ids: string[]; detail: { returned: number } }[] = await t.app
      .get(DataSource)
      .query(
        `select person_ids, detail from audit_event where action = 'person.search' order by seq desc limit 1`,
      );
    assert.deepEqual(event?.person_ids, [jane]);
    assert.equal(event?.detail.returned, 1);
  });
});
