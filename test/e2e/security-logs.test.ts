import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { TestApp, startTestApp } from '../support/test-app';

/** Distinctive PHI: any of these (or their normalized forms) in a log line is a leak. */
const people = [
  {
    source: 'log-clinic',
    source_id: 'LOGMRN-99117',
    given_name: 'Xanthippe',
    family_name: 'Quarrington',
    birth_date: '1961-08-27',
    sex: 'female',
    ssn: '531-72-4419',
    phone: '(415) 555-0187',
    email: 'xanthippe.q@example.net',
    address_line: '8812 Juniperberry Lane',
    city: 'Tillamook',
    postal_code: '97141',
  },
  {
    source: 'log-clinic',
    source_id: 'LOGMRN-99118',
    given_name: 'Ptolemy',
    family_name: 'Wrexhamshire',
    birth_date: '1947-02-13',
    sex: 'male',
    ssn: '604-19-3386',
    phone: '971-555-0163',
    address_line: '77 Cobblestone Quay',
    city: 'Astoria',
    postal_code: '97103',
  },
];
const PHI = [
  ...people.flatMap((p) => [
    p.given_name,
    p.family_name,
    p.birth_date,
    p.ssn,
    p.ssn.replaceAll('-', ''),
    p.phone,
    p.phone.replace(/\D/g, ''),
    p.address_line,
    p.source_id,
  ]),
  ...people.flatMap((p) => [
    p.given_name.toLowerCase(),
    p.family_name.toLowerCase(),
    p.address_line.toLowerCase(),
  ]),
  'xanthippe.q@example.net',
  'Ignatius',
  '1999-09-09',
  '777-66-5555',
];

describe('PHI-free telemetry: structured logs carry ids, never patient data', () => {
  let t: TestApp;
  let logFile: string;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  before(async () => {
    logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-logs-')), 'mpi.log');
    t = await startTestApp('security_logs', {
      MPI_LOG_FILE: logFile,
      MPI_LOG_LEVEL: 'trace',
      MPI_RATE_LIMIT: '0',
    });
    token = await t.token('admin');
  });
  after(async () => {
    await t.close();
    delete process.env.MPI_LOG_FILE;
    delete process.env.MPI_LOG_LEVEL;
    if (!process.env.KEEP_LOG) fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  });

  it('ingests, reads, searches, matches and fails without one patient value in the log', async () => {
    const ingested = await request(t.baseUrl)
      .post('/api/records')
      .set(auth())
      .send({ records: people })
      .expect(200);
    const personId = ingested.body.outcomes[0].personId as string;
    await request(t.baseUrl)
      .post('/api/records')
      .set(auth())
      .send({ records: [{ ...people[0], source_id: 'X2', birth_date: '1999-19-39' }] })
      .expect(200);
    await request(t.baseUrl)
      .post('/api/records')
      .set(auth())
      .send({ records: [{ ...people[0], nickname: 'Ignatius' }] })
      .expect(400);
    await request(t.baseUrl)
      .post('/api/records')
      .set(auth())
      .set('Content-Type', 'application/json')
      .send('{"records":[{"given_name":"Ignatius",')
      .expect(400);
    await request(t.baseUrl)
      .post('/fhir/Patient')
      .set(auth())
      .set('Content-Type', 'application/fhir+json')
      .send(
        JSON.stringify({
          resourceType: 'Patient',
          id: 'p1',
          name: [{ family: 'Quarrington', given: ['Ignatius'] }],
          birthDate: '1999-09-09',
          identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '777-66-5555' }],
        }),
      );
    await request(t.baseUrl)
      .get('/fhir/Patient')
      .query({ family: 'Quarrington', birthdate: '1961-08-27', phone: '4155550187' })
      .set(auth());
    await request(t.baseUrl)
      .get('/fhir/Patient')
      .query({ identifier: 'http://hl7.org/fhir/sid/us-ssn|531-72-4419' })
      .set(auth());
    await request(t.baseUrl)
      .post('/fhir/Patient/$match')
      .set(auth())
      .set('Content-Type', 'application/fhir+json')
      .send(
        JSON.stringify({
          resourceType: 'Parameters',
          parameter: [
            {
              name: 'resource',
              resource: {
                resourceType: 'Patient',
                name: [{ family: 'Wrexhamshire', given: ['Ptolemy'] }],
                birthDate: '1947-02-13',
              },
            },
          ],
        }),
      )
      .expect(200);
    await request(t.baseUrl).post('/api/compare').set(auth()).send({ a: people[0], b: people[1] });
    await request(t.baseUrl).get(`/api/persons/${personId}`).set(auth()).expect(200);
    await request(t.baseUrl).get('/fhir/Patient/Quarrington-1961-08-27').set(auth());

    const text = fs.readFileSync(logFile, 'utf8');
    const lines = text.split('\n').filter((l) => l !== '');
    assert.ok(lines.length >= 10, `only ${lines.length} log lines`);
    for (const value of PHI)
      assert.equal(
        text.includes(value),
        false,
        `a patient value leaked into the log: ${value.slice(0, 2)}...`,
      );
    assert.equal(text.includes(token), false, 'a bearer token leaked into the log');
    const requestLines = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.req !== undefined);
    assert.ok(requestLines.length >= 10);
    for (const line of requestLines) assert.match(String(line.correlationId), /^[0-9a-f-]{36}$/);
  });

  it('puts the correlation id the caller sent on the log lines of its request', async () => {
    await request(t.baseUrl)
      .get('/api/reviews')
      .set(auth())
      .set('X-Request-Id', 'trace-me-4711')
      .expect(200);
    const mine = fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('trace-me-4711'))
      .map((l) => JSON.parse(l) as { correlationId?: string });
    assert.ok(mine.length >= 1);
    assert.ok(mine.every((l) => l.correlationId === 'trace-me-4711'));
  });
});
