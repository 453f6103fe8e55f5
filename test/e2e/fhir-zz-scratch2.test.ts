import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { TestApp, startTestApp } from '../support/test-app';

describe('scratch2', () => {
  let t: TestApp;
  before(async () => { t = await startTestApp('fhir_scratch2'); });
  after(() => t.close());
  it('compares', async () => {
    const token = await t.token('admin');
    const a = { given_name: 'Jane', family_name: 'Smith', birth_date: '1990-01-01', sex: 'female', ssn: '512-44-1111' };
    const b = { given_name: 'Janet', family_name: 'Smith', birth_date: '1990-01-01', sex: 'female', ssn: '512-44-2222' };
    const res = await request(t.baseUrl).post('/api/compare').set('Authorization', `Bearer ${token}`).send({ a, b });
    console.log(JSON.stringify({ p: res.body.probability, w: res.body.weight, c: res.body.class, rule: res.body.explanation?.rule, comps: res.body.explanation?.comparisons?.map((c: any) => `${c.comparisonId}:${c.levelId}:${c.weight}`) }));
  });
});
