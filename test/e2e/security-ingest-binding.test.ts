import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { LocalIssuer, startLocalIssuer } from '../support/local-oidc-issuer';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Finding 4 of the outside review: any `record:write` client could overwrite another feed's
 * `(source, source_id)` record (an ingest token re-posted a hospital's MRN with a new address,
 * and the MRN then resolved to the attacker's address), and the ingest answer (`link: auto`,
 * `personId`) told the caller that an SSN and birth date belong to someone.
 */
const hospitalRecord = {
  source: 'st-mary',
  source_id: 'SM-5501',
  given_name: 'Philippa',
  family_name: 'Achterberg',
  birth_date: '1958-09-21',
  sex: 'female',
  ssn: '512-55-0158',
  address_line: '7 Harbour Street',
  postal_code: '02110',
};

describe('ingest is bound to the sources a client may write', () => {
  let t: TestApp;
  let issuer: LocalIssuer;
  let labFeed: string;

  before(async () => {
    issuer = await startLocalIssuer();
    t = await startTestApp('security_ingest_binding', {
      MPI_OIDC_ISSUER: issuer.issuer,
      MPI_AUDIENCE: issuer.audience,
      MPI_DEV_TOKENS: 'true',
      MPI_RATE_LIMIT: '0',
      MPI_CLIENT_SOURCES: JSON.stringify({ 'lab-feed': ['city-lab'] }),
    });
    labFeed = await issuer.sign({ scope: 'system/Patient.cu', client_id: 'lab-feed' });
    await post(await t.token('admin'), [hospitalRecord]).expect(200);
  });
  after(async () => {
    await t.close();
    await issuer.close();
  });

  const post = (token: string, records: object[]) =>
    request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${token}`)
      .send({ records });

  it('refuses another feed`s MRN with a new address (403), and the record keeps its address', async () => {
    const addressNow = async (): Promise<unknown> =>
      (
        await request(t.baseUrl)
          .get('/fhir/Patient')
          .query({ identifier: 'st-mary|SM-5501' })
          .set('Authorization', `Bearer ${await t.token('admin')}`)
          .expect(200)
      ).body.entry[0].resource.address;
    const before = await addressNow();
    const hijack = { ...hospitalRecord, address_line: '1 Attacker Way', postal_code: '99501' };
    const refused = await post(labFeed, [hijack]).expect(403);
    assert.equal(refused.body.error, 'forbidden');
    assert.ok(!JSON.stringify(refused.body).includes('st-mary'));
    assert.deepEqual(await addressNow(), before);
  });

  it('refuses a batch with one foreign record whole, and the FHIR ingest alike', async () => {
    const own = { ...hospitalRecord, source: 'city-lab', source_id: 'CL-1' };
    await post(labFeed, [own, hospitalRecord]).expect(403);
    await request(t.baseUrl)
      .post('/fhir/Patient')
      .set('Authorization', `Bearer ${labFeed}`)
      .set('Content-Type', 'application/fhir+json')
      .send(
        JSON.stringify({
          resourceType: 'Patient',
          identifier: [
            {
              type: {
                coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }],
              },
              system: 'st-mary',
              value: 'SM-5501',
            },
          ],
          name: [{ family: 'Achterberg', given: ['Philippa'] }],
        }),
      )
      .expect(403);
  });

  it('lets a client write its own source, by configuration or by the mpi_sources claim', async () => {
    const own = { ...hospitalRecord, source: 'city-lab', source_id: 'CL-2' };
    await post(labFeed, [own]).expect(200);
    const claimed = await issuer.sign({
      scope: 'system/Patient.cu',
      client_id: 'st-mary-adt',
      mpi_sources: ['st-mary'],
    });
    await post(claimed, [{ ...hospitalRecord, source_id: 'SM-5502', ssn: '' }]).expect(200);
  });

  it('refuses a writer bound to no source at all', async () => {
    const unbound = await issuer.sign({ scope: 'system/Patient.cu', client_id: 'new-feed' });
    await post(unbound, [{ ...hospitalRecord, source: 'new-feed', source_id: 'N-1' }]).expect(403);
  });

  it('answers a writer that may not read patients with record id and status only', async () => {
    const probe = { ...hospitalRecord, source: 'city-lab', source_id: 'CL-3' };
    const res = await post(labFeed, [probe]).expect(200);
    const [outcome] = res.body.outcomes as Record<string, unknown>[];
    assert.deepEqual(Object.keys(outcome ?? {}).sort(), ['index', 'recordId', 'status']);
    const reader = await issuer.sign({
      scope: 'system/Patient.cu system/Patient.rs',
      client_id: 'lab-feed',
    });
    const again = await post(reader, [{ ...probe, source_id: 'CL-4' }]).expect(200);
    assert.ok(again.body.outcomes[0].personId, 'a caller that may read patients sees the person');
  });
});
