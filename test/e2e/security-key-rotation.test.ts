import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import request from 'supertest';
import { signDevToken } from '../../src/auth/dev-token-signer';
import { CliResult, runCli } from '../support/cli';
import { RestartableApp } from '../support/restartable-app';
import { TestDatabase, createTestDatabase } from '../support/test-database';

const PEOPLE = 30;
const key = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;
const GIVEN = ['Rosalind', 'Evander', 'Philippa', 'Lysander', 'Marguerite', 'Cassius'];
const FAMILY = [
  'Abernathy',
  'Fairweather',
  'Ollivander',
  'Pemberton',
  'Thistlewood',
  'Underhill',
  'Winterbourne',
  'Yardley',
];

/** Two registrations per person (hospital, lab), a typo in the lab's phone. */
function registrations(i: number) {
  const base = {
    given_name: GIVEN[i % GIVEN.length]!,
    family_name: `${FAMILY[i % FAMILY.length]}${'abcdefghij'[i % 10]}`,
    birth_date: `19${String(40 + i).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`,
    sex: i % 2 ? 'female' : 'male',
    ssn: `6${String(10 + i).padStart(2, '0')}-4${i % 10}-${String(1000 + i * 37).slice(0, 4)}`,
    postal_code: `97${String(100 + i).slice(0, 3)}`,
  };
  return [
    { source: 'rot-hospital', source_id: `H-${i}`, ...base, phone: `503555${String(1000 + i)}` },
    {
      source: 'rot-lab',
      source_id: `L-${i}`,
      ...base,
      phone: `503555${String(1000 + i)}`,
      address_line: `${i} Main St`,
    },
  ];
}

interface Running {
  baseUrl: string;
  token: string;
}

describe('data key rotation: mpi keys rotate, matching throughout', () => {
  let db: TestDatabase;
  let pg: Client;
  let dataDir: string;
  const server = new RestartableApp();
  const jwt = randomBytes(32).toString('base64');
  const k1 = key('k1');
  const k2 = key('k2');
  const records = Array.from({ length: PEOPLE }, (_, i) => registrations(i)).flat();
  const personOf = new Map<string, string>();
  const recordOf = new Map<string, string>();
  const linkedPerson = async (recordId: string): Promise<string | undefined> =>
    (await pg.query(`select person_id from record_link where record_id = $1`, [recordId])).rows[0]
      ?.person_id as string | undefined;

  const env = (keys: string): NodeJS.ProcessEnv => ({
    ...process.env,
    ...db.env,
    MPI_DEV_TOKENS: 'true',
    MPI_DATA_DIR: dataDir,
    MPI_TOKEN_KEYS: keys,
    MPI_JWT_SECRET: jwt,
    MPI_RATE_LIMIT: '0',
  });
  async function boot(keys: string): Promise<Running> {
    return {
      baseUrl: await server.restart(env(keys)),
      token: await signDevToken(Buffer.from(jwt, 'base64'), 'admin', 3600),
    };
  }
  const post = (r: Running, body: unknown) =>
    request(r.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${r.token}`)
      .send(body as object)
      .expect(200);
  const matchPerson = async (r: Running, i: number): Promise<string[]> => {
    const [reg] = registrations(i);
    const res = await request(r.baseUrl)
      .post('/fhir/Patient/$match')
      .set('Authorization', `Bearer ${r.token}`)
      .set('Content-Type', 'application/fhir+json')
      .send(
        JSON.stringify({
          resourceType: 'Parameters',
          parameter: [
            {
              name: 'resource',
              resource: {
                resourceType: 'Patient',
                name: [{ family: reg!.family_name, given: [reg!.given_name] }],
                birthDate: reg!.birth_date,
                gender: reg!.sex,
                identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: reg!.ssn }],
              },
            },
          ],
        }),
      )
      .expect(200);
    return ((res.body.entry ?? []) as { resource: { resourceType: string; id: string } }[])
      .filter((e) => e.resource.resourceType === 'Patient')
      .map((e) => e.resource.id);
  };

  // The rotation's steps, in the order an operator takes them; the cases read what each left.
  let mixed: {
    staleUnderK1: number;
    matched: string[];
    resent: { status: string; recordId: string };
    adoptedUnderK2: number;
    fresh: { personId: string };
  };
  let rotation: {
    rotated: CliResult;
    status: CliResult;
    leftovers: number;
    audited: number;
  };

  before(async () => {
    db = await createTestDatabase('key_rotation');
    pg = new Client({ connectionString: db.url });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-rot-'));
    const r1 = await boot(k1);
    await pg.connect();
    const res = await post(r1, { records });
    res.body.outcomes.forEach((o: { personId: string; recordId: string }, i: number) => {
      personOf.set(`${records[i]!.source}|${records[i]!.source_id}`, o.personId);
      recordOf.set(`${records[i]!.source}|${records[i]!.source_id}`, o.recordId);
    });

    // k2 becomes active, k1 still configured; nothing is re-keyed yet.
    const r2 = await boot(`${k2},${k1}`);
    const count = async (sql: string): Promise<number> => (await pg.query(sql)).rows[0].n as number;
    const staleUnderK1 = await count(
      `select count(*)::int as n from source_record where key_id = 'k1'`,
    );
    const matched = await matchPerson(r2, 0);
    // A re-sent old record is adopted (re-keyed in place); a new registration of person 1.
    const resent = (await post(r2, { records: [records[0]] })).body.outcomes[0];
    const adoptedUnderK2 = await count(
      `select count(*)::int as n from source_record where source = 'rot-hospital' and key_id = 'k2'`,
    );
    const [h1] = registrations(1);
    const fresh = (await post(r2, { records: [{ ...h1, source: 'rot-clinic', source_id: 'C-1' }] }))
      .body.outcomes[0];
    mixed = { staleUnderK1, matched, resent, adoptedUnderK2, fresh };

    // mpi keys rotate, then mpi keys status.
    const rotated = await runCli(['keys', 'rotate', '--batch', '7'], env(`${k2},${k1}`));
    const status = await runCli(['keys', 'status'], env(`${k2},${k1}`));
    const leftovers = await count(
      `select count(*)::int as n from source_record
        where key_id <> 'k2' or features->>'keyId' <> 'k2' or source_id_enc not like 'k2.%' or coalesce(identifiers_enc, 'k2.') not like 'k2.%'`,
    );
    const audited = await count(
      `select count(*)::int as n from audit_event where action = 'keys.rotate'`,
    );
    rotation = { rotated, status, leftovers, audited };
  });
  after(async () => {
    await server.stop();
    await pg.end();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('links each person two registrations under the first key', () => {
    const linked = Array.from({ length: PEOPLE }, (_, i) => registrations(i)).filter(
      ([h, l]) =>
        personOf.get(`rot-hospital|${h!.source_id}`) === personOf.get(`rot-lab|${l!.source_id}`),
    );
    assert.equal(linked.length, PEOPLE);
  });

  it('keeps matching after k2 becomes active, before any record is re-keyed', () => {
    assert.equal(mixed.staleUnderK1, records.length);
    assert.ok(
      mixed.matched.includes(personOf.get('rot-hospital|H-0')!),
      '$match lost a person under the old key',
    );
    // A re-sent old record is adopted (re-keyed in place): unchanged, same record, no duplicate.
    assert.equal(mixed.resent.status, 'unchanged');
    assert.equal(mixed.resent.recordId, recordOf.get('rot-hospital|H-0'));
    assert.equal(mixed.adoptedUnderK2, 1);
    // A new registration of person 1 links to the person whose records are still under k1.
    assert.equal(mixed.fresh.personId, personOf.get('rot-hospital|H-1'));
  });

  it('re-keys every record in batches with progress, leaving nothing under the old key', () => {
    const { rotated, status } = rotation;
    assert.equal(rotated.code, 0, rotated.stdout + rotated.stderr);
    assert.match(rotated.stdout, new RegExp(`re-keyed: ${records.length - 1}`));
    assert.match(rotated.stdout, /remaining under other keys: 0/);
    assert.ok(
      rotated.stderr.split('\n').filter((l) => /keys rotate: \d+\/\d+ records/.test(l)).length >= 5,
      rotated.stderr,
    );
    assert.match(status.stdout, /^k2 \(active\): \d+ records\n$/);
    assert.equal(rotation.leftovers, 0);
    assert.ok(rotation.audited >= 5);
  });

  it('matches every record with the old key gone: re-sends unchanged on the same person, $match finds each', async () => {
    const r = await boot(k2);
    const res = await post(r, { records });
    const outcomes = res.body.outcomes as { status: string; recordId: string }[];
    for (const [i, o] of outcomes.entries()) {
      const key = `${records[i]!.source}|${records[i]!.source_id}`;
      assert.equal(o.status, 'unchanged', `record ${i}`);
      assert.equal(o.recordId, recordOf.get(key), `record ${i}`);
      assert.equal(await linkedPerson(o.recordId), personOf.get(key), `record ${i}`);
    }
    for (let i = 0; i < PEOPLE; i++) {
      const found = await matchPerson(r, i);
      assert.equal(found[0], personOf.get(`rot-hospital|H-${i}`), `person ${i}`);
    }
    const verify = await runCli(['audit', 'verify'], env(k2));
    assert.equal(verify.code, 0, verify.stdout);
  });
});
