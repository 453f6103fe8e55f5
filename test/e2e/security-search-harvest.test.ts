import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { LocalIssuer, startLocalIssuer } from '../support/local-oidc-issuer';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Findings 7, 10 and 13 of the outside review: the `match` role read golden records (SSN,
 * MRNs, phone, e-mail) and `birthdate=ge0001` listed the whole index 100 a page; the same
 * criterion repeated 800 times cost 0.87 s; `family:exact:zzz=` dropped the criterion and
 * widened the search.
 */
const records = [
  {
    source: 'harvest-clinic',
    source_id: 'H-1',
    given_name: 'Leocadia',
    family_name: 'Szymborska',
    birth_date: '1966-03-08',
    sex: 'female',
    ssn: '512-66-0308',
  },
  {
    source: 'harvest-clinic',
    source_id: 'H-2',
    given_name: 'Tobiah',
    family_name: 'Szymanski',
    birth_date: '1977-11-30',
    sex: 'male',
  },
];

describe('no bulk harvesting of the index', () => {
  let t: TestApp;
  let issuer: LocalIssuer;
  let system: string;
  let steward: string;
  let personId: string;

  before(async () => {
    issuer = await startLocalIssuer();
    t = await startTestApp('security_search_harvest', {
      MPI_OIDC_ISSUER: issuer.issuer,
      MPI_AUDIENCE: issuer.audience,
      MPI_DEV_TOKENS: 'true',
      MPI_RATE_LIMIT: '0',
      MPI_SEARCH_QUOTA: '30',
    });
    const res = await request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${await t.token('admin')}`)
      .send({ records })
      .expect(200);
    personId = res.body.outcomes[0].personId;
    system = await issuer.sign({ scope: 'system/Patient.rs', client_id: 'registration-desk' });
    steward = await t.token('steward');
  });
  after(async () => {
    await t.close();
    await issuer.close();
  });

  const search = (query: string, token: string) =>
    request(t.baseUrl).get(`/fhir/Patient?${query}`).set('Authorization', `Bearer ${token}`);

  it('gives the match role $match, not reads or searches of golden records (403)', async () => {
    const matcher = await t.token('match');
    await search('birthdate=ge0001', matcher).expect(403);
    await request(t.baseUrl)
      .get(`/fhir/Patient/${personId}`)
      .set('Authorization', `Bearer ${matcher}`)
      .expect(403);
    await request(t.baseUrl)
      .get('/fhir/Patient/$ihe-pix?sourceIdentifier=harvest-clinic|H-1')
      .set('Authorization', `Bearer ${matcher}`)
      .expect(403);
    await request(t.baseUrl)
      .post('/fhir/Patient/$match')
      .set('Authorization', `Bearer ${matcher}`)
      .set('Content-Type', 'application/fhir+json')
      .send(
        JSON.stringify({
          resourceType: 'Parameters',
          parameter: [
            {
              name: 'resource',
              resource: {
                resourceType: 'Patient',
                name: [{ family: 'Szymborska', given: ['Leocadia'] }],
                birthDate: '1966-03-08',
              },
            },
          ],
        }),
      )
      .expect(200);
  });

  it('refuses the review`s open range for everyone, stewards included (400)', async () => {
    for (const token of [system, steward]) {
      const res = await search('birthdate=ge0001', token).expect(400);
      assert.ok(!JSON.stringify(res.body).includes('512-66'));
      await search('birthdate=ne1966&gender=female', token).expect(400);
    }
  });

  it('holds a system client to selective searches: an identifier, or family name with birth date', async () => {
    await search('family=Szymborska', system).expect(400);
    await search('given=Leocadia&gender=female', system).expect(400);
    await search('family=Sz&birthdate=ge1900', system).expect(400);
    const found = await search('family=Szymborska&birthdate=1966-03-08', system).expect(200);
    assert.equal(found.body.total, 1);
    await search('identifier=harvest-clinic|H-1', system).expect(200);
    // A steward (the workbench) may still search by a family name alone.
    const broad = await search('family=Szym', steward).expect(200);
    assert.equal(broad.body.total, 2);
  });

  it('refuses one-letter prefixes, criteria repeated past the cap, and unknown modifiers', async () => {
    await search('family=S', steward).expect(400);
    await search('address-postalcode=0', steward).expect(400);
    const repeated = Array.from({ length: 800 }, () => 'birthdate=ge0001').join('&');
    await search(`family=Szym&${repeated}`, steward).expect(400);
    await search('family=Szym&birthdate=ge1960&birthdate=le1970', steward).expect(200);
    const misspelt = await search('family=Szym&family:exact:zzz=Nobody', steward).expect(400);
    assert.equal(misspelt.body.resourceType, 'OperationOutcome');
  });

  it('gives each client a search quota per minute (429 past it), apart from other clients', async () => {
    const greedy = await issuer.sign({ scope: 'system/Patient.rs', client_id: 'greedy' });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++)
      statuses.push((await search('identifier=harvest-clinic|H-1', greedy)).status);
    assert.deepEqual(statuses.slice(0, 30), new Array<number>(30).fill(200));
    assert.equal(statuses[30], 429);
    const other = await issuer.sign({ scope: 'system/Patient.rs', client_id: 'modest' });
    await search('identifier=harvest-clinic|H-1', other).expect(200);
  });
});
