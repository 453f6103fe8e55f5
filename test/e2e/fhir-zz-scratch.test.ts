import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { TestApp, startTestApp } from '../support/test-app';
import { ingestRows, matchParameters, patient, postMatch } from '../support/fhir-fixtures';

describe('scratch', () => {
  let t: TestApp;
  before(async () => { t = await startTestApp('fhir_scratch'); });
  after(() => t.close());
  it('explores', async () => {
    const base = { source: 'st-mary' };
    const out = await ingestRows(t, [
      { ...base, source_id: 'J-1', given_name: 'Jane', family_name: 'Smith', birth_date: '1990-01-01', sex: 'female', ssn: '512-44-1111', phone: '503-555-0101', postal_code: '97301', address_line: '12 Oak Street', city: 'Salem', state: 'OR' },
      { source: 'county-lab', source_id: 'L-77', given_name: 'Jane', middle_name: 'Ann', family_name: 'Smith', birth_date: '1990-01-01', sex: 'female', ssn: '512-44-1111' },
      { ...base, source_id: 'J-2', given_name: 'Janet', family_name: 'Smith', birth_date: '1990-01-01', sex: 'female', ssn: '512-44-2222' },
      { ...base, source_id: 'P-1', given_name: 'Paul', family_name: 'Jones', birth_date: '1975-05-05', sex: 'male', ssn: '512-44-3333' },
      { ...base, source_id: 'G-1', given_name: 'Gregory', family_name: 'Peterson', birth_date: '1980-02-02', sex: 'male' },
      { ...base, source_id: 'B-1', given_name: 'Bob', family_name: 'Peterson', birth_date: '1980-02-02', sex: 'male' },
      { ...base, source_id: 'GP-1', given_name: 'Gary', middle_name: 'D', family_name: 'Peterson', birth_date: '1991-10-10', sex: 'male', phone: '100100100', state: 'NY', postal_code: '12313' },
      { ...base, source_id: 'A-1', given_name: 'Alice', family_name: 'Zephyr', birth_date: '1984-03-12', sex: 'female', ssn: '512-44-9876' },
      { source: 'county-lab', source_id: 'A-9', given_name: 'Alice', family_name: 'Zephyr', birth_date: '1984-03-12', sex: 'female', ssn: '598-33-1234' },
    ]);
    console.log(JSON.stringify(out));
    const token = await t.token('steward');
    const show = async (label: string, body: unknown) => {
      const res = await postMatch(t, token, body);
      const entries = (res.body.entry ?? []) as any[];
      console.log(label, res.status, res.status !== 200 ? JSON.stringify(res.body) : entries.map((e) => `${e.resource.resourceType} ${e.resource.name?.[0]?.given?.[0] ?? ''} ${e.search.score} ${e.search.extension?.[0]?.valueCode} ${e.search.extension?.[1]?.extension?.[0]?.valueDecimal}`).join(' | '));
      return res;
    };
    await show('jane+ssn', matchParameters(patient({ family: 'Smith', given: ['Jane'], birthDate: '1990-01-01', gender: 'female', ssn: '512-44-1111' })));
    await show('jane', matchParameters(patient({ family: 'Smith', given: ['Jane'], birthDate: '1990-01-01', gender: 'female' })));
    await show('paul dob off', matchParameters(patient({ family: 'Jones', given: ['Paul'], birthDate: '1975-05-06', gender: 'male' })));
    await show('greg', matchParameters(patient({ family: 'Peterson', given: ['Greg'], birthDate: '1980-02-02', gender: 'male' })));
    await show('bob', matchParameters(patient({ family: 'Peterson', given: ['Bob'], birthDate: '1980-02-02', gender: 'male' })));
    await show('greg no dob', matchParameters(patient({ family: 'Peterson', given: ['Greg'], gender: 'male' })));
    await show('gary coarse', { resourceType: 'Patient', name: [{ family: 'PETERSON', given: ['GARY', 'D'] }], telecom: [{ system: 'phone', value: '100100100', use: 'home' }], gender: 'male', birthDate: '1991-10', address: [{ state: 'NY', postalCode: '12313' }] });
    const r = await show('alice', matchParameters(patient({ family: 'Zephyr', given: ['Alice'], birthDate: '1984-03-12', gender: 'female' })));
    console.log(JSON.stringify(r.body).slice(0, 3000));
    await show('paul vs', matchParameters(patient({ family: 'Paulson', given: ['Mary'], birthDate: '2001-05-05', gender: 'female' })));
    await show('family only', matchParameters(patient({ family: 'Smith' })));
    const read = await request(t.baseUrl).get(`/fhir/Patient/${out[0]?.personId}`).set('Authorization', `Bearer ${token}`);
    console.log(read.status, JSON.stringify(read.body));
    const meta = await request(t.baseUrl).get(`/fhir/metadata`);
    console.log(meta.status, JSON.stringify(meta.body).slice(0, 500));
  });
});
