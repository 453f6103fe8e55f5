import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { runCli } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';

const HEADER = 'source,source_id,given_name,family_name,birth_date,sex,ssn,phone,postal_code';

describe('mpi import / export (CLI)', () => {
  let t: TestApp;
  let dir: string;

  before(async () => {
    t = await startTestApp('cli_import');
    dir = fs.mkdtempSync(path.join(t.dataDir, 'files-'));
  });
  after(() => t.close());

  it('imports a CSV, reports each bad row by line number and stores every valid row', async () => {
    const file = path.join(dir, 'people.csv');
    fs.writeFileSync(
      file,
      [
        HEADER,
        'import-clinic,1,Ada,Lovelace,1815-12-10,female,219-09-9999,617-555-0100,02139',
        'import-clinic,2,Charles,Babbage,1791-13-26,male,,,',
        'import-clinic,3,"Mary, Jr",Somerville,1780-12-26,female,,,',
        'import-clinic,4,Grace,Hopper,1906-12-09,female',
        'import-clinic,,Alan,Turing,1912-06-23,male,,,',
        'import-clinic,6,Ada,Lovelace,1815-12-10,female,219-09-9999,617-555-0100,02139',
      ].join('\n') + '\n',
    );
    const run = await runCli(['import', file], t.env);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stdout, /created: 3/);
    assert.match(run.stdout, /rejected: 3/);
    assert.match(run.stderr, /line 3: birth_date/);
    assert.match(run.stderr, /line 5: row: the row has a different number of fields/);
    assert.match(run.stderr, /line 6: source_id/);
    assert.equal(run.stderr.includes('1791-13-26'), false, 'a rejected value is echoed');
    assert.match(run.stdout, /linked automatically: 1/);

    const again = await runCli(['import', file], t.env);
    assert.match(again.stdout, /created: 0/);
    assert.match(again.stdout, /unchanged: 3/);
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    const count = await db.query(
      `select count(*)::int as n from source_record where source = 'import-clinic'`,
    );
    await db.end();
    assert.equal(count.rows[0].n, 3);
  });

  it('refuses a file with an unknown column, naming it', async () => {
    const file = path.join(dir, 'unknown.csv');
    fs.writeFileSync(file, 'source,source_id,shoe_size\nx,1,42\n');
    const run = await runCli(['import', file], t.env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /shoe_size/);
  });

  it('imports FHIR NDJSON, with --source for Patients keyed by id', async () => {
    const file = path.join(dir, 'patients.ndjson');
    const p = (id: string, family: string) =>
      JSON.stringify({
        resourceType: 'Patient',
        id,
        name: [{ family, given: ['Kim'] }],
        birthDate: '1990-01-02',
        gender: 'female',
      });
    fs.writeFileSync(
      file,
      [
        p('n1', 'Ortega'),
        '{not json',
        p('n2', 'Ibarra'),
        JSON.stringify({ resourceType: 'Group' }),
      ].join('\n'),
    );
    const run = await runCli(['import', file, '--source', 'bulk-export'], t.env);
    assert.match(run.stdout, /created: 2/);
    assert.match(run.stderr, /line 2: line: the line is not valid JSON/);
    assert.match(run.stderr, /line 4: resourceType/);
  });

  it('exports links with the contract header and one row per source record', async () => {
    const file = path.join(dir, 'to-export.csv');
    fs.writeFileSync(
      file,
      [HEADER, 'export-clinic,1,Ada,Lovelace,1815-12-10,female,,,'].join('\n') + '\n',
    );
    assert.equal((await runCli(['import', file], t.env)).code, 0);
    const out = path.join(dir, 'links.csv');
    const run = await runCli(['export', 'links', '--out', out], t.env);
    assert.equal(run.code, 0, run.stderr);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'source,source_id,person_id,link_kind,probability');
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    const stored = await db.query(`select count(*)::int as n from source_record`);
    await db.end();
    assert.equal(lines.length, 1 + (stored.rows[0].n as number));
    assert.ok(lines.some((l) => l.startsWith('export-clinic,1,')));
    const reviews = await runCli(['export', 'reviews'], t.env);
    assert.match(
      reviews.stdout.split('\n')[0] ?? '',
      /^task_id,kind,source,source_id,candidate_person_id,probability$/,
    );
  });

  it('exports review tasks with their reason codes when asked', async () => {
    const twins = path.join(dir, 'twins.csv');
    fs.writeFileSync(
      twins,
      [
        'source,source_id,given_name,family_name,birth_date,sex,phone,address_line,postal_code',
        'hospital,T-1,Kaylee,Okafor,2016-03-09,female,217-555-0199,9 Birch Lane,62704',
        'clinic,T-2,Kayla,Okafor,2016-03-09,female,217-555-0199,9 Birch Lane,62704',
      ].join('\n'),
    );
    assert.equal((await runCli(['import', twins], t.env)).code, 0);
    const reviews = await runCli(['export', 'reviews', '--reasons'], t.env);
    const lines = reviews.stdout.trim().split('\n');
    assert.equal(
      lines[0],
      'task_id,kind,source,source_id,candidate_person_id,probability,reason_code',
    );
    assert.ok(
      lines.some((l) => l.includes(',T-2,') && l.endsWith(',possible-twin')),
      'the twin is a possible-twin task, not a link',
    );
  });

  it('refuses rows whose key holds control characters or whose fields hold NUL, by line, and stores the rest', async () => {
    const file = path.join(dir, 'control.csv');
    fs.writeFileSync(
      file,
      [
        HEADER,
        'clinic\u0000x,10,Ada,Lovelace,1815-12-10,female,,,',
        'clinic,1\u000b1,Ada,Lovelace,1815-12-10,female,,,',
        'clinic,12,Ad\u0000a,Lovelace,1815-12-10,female,,,',
        'clinic,13,Alan,Turing,1912-06-23,male,,,',
      ].join('\n') + '\n',
    );
    const run = await runCli(['import', file], t.env);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /line 2: source: source contains control characters/);
    assert.match(run.stderr, /line 3: source_id: source_id contains control characters/);
    assert.match(run.stderr, /line 4: given_name: given_name contains a NUL character/);
    assert.match(run.stdout, /rejected: 3/);
    assert.match(run.stdout, /created: 1/);
  });

  it('refuses a Patient whose name or address members have the wrong type, by line', async () => {
    const file = path.join(dir, 'shapes.ndjson');
    const patient = (id: string, name: unknown, address?: unknown) =>
      JSON.stringify({ resourceType: 'Patient', id, name, address, birthDate: '1990-01-02' });
    fs.writeFileSync(
      file,
      [
        patient('s1', [{ family: 'Ortega', given: 'Kim' }]),
        patient('s2', [{ family: 'Ortega', given: ['Kim'] }], [{ line: { street: 'x' } }]),
        patient('s3', [{ family: 'Ortega', given: ['Kim'] }]),
      ].join('\n') + '\n',
    );
    const run = await runCli(['import', file, '--source', 'shapes'], t.env);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /line 1: Patient\.name\[0\]\.given: .*array of strings/);
    assert.match(run.stderr, /line 2: Patient\.address\[0\]\.line: .*array of strings/);
    assert.match(run.stdout, /created: 1\n/);
  });

  it('prints a development token for a role and refuses an unknown role', async () => {
    const ok = await runCli(['token', '--role', 'steward'], t.env);
    assert.match(ok.stdout.trim(), /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const bad = await runCli(['token', '--role', 'janitor'], t.env);
    assert.equal(bad.code, 2);
  });
});
