import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { csvLine } from '../../src/common/csv';
import { generateSyntheticPatients } from '../../src/datasets';
import { unpackGolden } from '../../src/linkage/stored-golden';
import { CANONICAL_COLUMNS } from '../../src/matching/record-types';
import { runCli } from '../support/cli';
import { matchParameters, patient, postMatch } from '../support/fhir-fixtures';
import { linkageIntegrity } from '../support/linkage-integrity';
import { personPartition } from '../support/person-partition';
import { TestApp, startTestApp } from '../support/test-app';

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'mpi.js');

/** A synthetic population as CSV; `labelled` keeps the entity_id column for `mpi eval`. */
function writePopulation(file: string, people: number, seed: number, labelled = false): string[][] {
  const rows = [...generateSyntheticPatients({ people, seed })];
  const columns = [...CANONICAL_COLUMNS, ...(labelled ? ['entity_id'] : [])];
  const lines = rows.map(({ row }) => columns.map((c) => row[c as keyof typeof row] ?? ''));
  fs.writeFileSync(file, [csvLine(columns), ...lines.map((l) => csvLine(l))].join('\n') + '\n');
  return lines;
}

async function queryOne<T>(databaseUrl: string, sql: string): Promise<T> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query(sql)).rows[0] as T;
  } finally {
    await db.end();
  }
}

/** Records no audit event names: 0 when every record written was audited. */
function unaudited(databaseUrl: string): Promise<{ n: number }> {
  return queryOne(
    databaseUrl,
    `select count(*)::int as n from source_record r
      where not exists (select 1 from audit_event a where a.action = 'record.ingest' and r.id = any(a.record_ids))`,
  );
}

/** The indexes a bulk load into an empty store drops (migration 1767200000000), as they stand. */
function bulkLoadIndexes(databaseUrl: string): Promise<{ defs: string[] | null }> {
  return queryOne(
    databaseUrl,
    `select array_agg(indexdef order by indexname) as defs from pg_indexes where schemaname = current_schema()
        and indexname in ('record_block_key_record', 'source_record_other_identifiers',
          'source_record_family_name', 'source_record_given_name', 'source_record_middle_name',
          'source_record_birth_date', 'source_record_postal_code', 'source_record_ssn_token',
          'source_record_phone_token', 'source_record_email_token', 'link_event_person',
          'link_event_from_person')`,
  );
}

/** Persons whose last version (deflated, as the bulk path copies it) is not their golden record. */
async function versionsApart(databaseUrl: string): Promise<{ persons: number; apart: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ person: Buffer; version: Buffer }>(
      `select p.packed as person, v.packed as version from person p
         join person_version v on v.person_id = p.id and v.version = p.version`,
    );
    const apart = rows.filter(
      (r) => !isDeepStrictEqual(unpackGolden(r.version, null), unpackGolden(r.person, null)),
    );
    return { persons: rows.length, apart: apart.length };
  } finally {
    await db.end();
  }
}

interface EvalFigures {
  linkage: {
    pairwise: { precision: number; recall: number };
    clusters: { predictedClusters: number };
  };
}

describe('mpi import --bulk', () => {
  let whole: TestApp;
  let killed: TestApp;
  let dir: string;

  before(async () => {
    whole = await startTestApp('bulk_whole');
    killed = await startTestApp('bulk_killed');
    dir = fs.mkdtempSync(path.join(whole.dataDir, 'files-'));
  });
  after(async () => {
    await whole.close();
    await killed.close();
  });

  it('decides as the live import on the generator: precision, recall and persons', async () => {
    const file = path.join(dir, 'labelled.csv');
    writePopulation(file, 2000, 1, true);
    const live = await runCli(['eval', file, '--json'], whole.env);
    assert.equal(live.code, 0, live.stderr);
    const bulk = await runCli(['eval', file, '--json', '--bulk'], whole.env);
    assert.equal(bulk.code, 0, bulk.stderr);
    const a = (JSON.parse(live.stdout) as EvalFigures).linkage;
    const b = (JSON.parse(bulk.stdout) as EvalFigures).linkage;
    assert.ok(Math.abs(a.pairwise.precision - b.pairwise.precision) <= 0.001);
    assert.ok(Math.abs(a.pairwise.recall - b.pairwise.recall) <= 0.001);
    const persons = a.clusters.predictedClusters;
    assert.ok(Math.abs(persons - b.clusters.predictedClusters) <= persons * 0.001);
  });

  it('continues after a kill -9 where it stopped, to the result of a run never stopped', async () => {
    const file = path.join(dir, 'population.csv');
    const count = writePopulation(file, 700, 7).length;
    const migrated = await bulkLoadIndexes(killed.databaseUrl);
    assert.equal(migrated.defs?.length, 12);
    const env = { MPI_IMPORT_BATCH: '20' };
    const uninterrupted = await runCli(['import', '--bulk', file], { ...whole.env, ...env });
    assert.equal(uninterrupted.code, 0, uninterrupted.stderr);
    const child = spawn(process.execPath, [BIN, 'import', '--bulk', file], {
      env: { ...killed.env, ...env },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Killed once its first chunk is committed and later ones are under way.
    for (;;) {
      const run = await queryOne<{ n: number } | undefined>(
        killed.databaseUrl,
        `select rows_done as n from bulk_import_run`,
      );
      if ((run?.n ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    const partial = await queryOne<{ n: number }>(
      killed.databaseUrl,
      `select count(*)::int as n from source_record`,
    );
    assert.ok(partial.n < count, 'the load finished before it was killed');
    // Killed while loading into an empty store: without the indexes it builds at its end.
    assert.deepEqual(await bulkLoadIndexes(killed.databaseUrl), { defs: null });
    // Any start of the service (here, of the CLI) builds them again.
    const started = await runCli(['keys', 'status'], killed.env);
    assert.equal(started.code, 0, started.stderr);
    assert.deepEqual(await bulkLoadIndexes(killed.databaseUrl), migrated);
    const rerun = await runCli(['import', '--bulk', file], { ...killed.env, ...env });
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stdout, new RegExp(`created: ${count}\\n`));
    assert.deepEqual(await linkageIntegrity(killed.databaseUrl), {
      records: count,
      links: count,
      stale: 0,
    });
    assert.deepEqual(
      await personPartition(killed, dir, 'killed'),
      await personPartition(whole, dir, 'uninterrupted'),
    );
    assert.deepEqual(await unaudited(killed.databaseUrl), { n: 0 });
    const versions = await versionsApart(killed.databaseUrl);
    assert.ok(versions.persons > 0);
    assert.equal(versions.apart, 0);
    assert.deepEqual(await bulkLoadIndexes(killed.databaseUrl), migrated);
    // Once finished, the same file again changes nothing.
    const again = await runCli(['import', '--bulk', file], { ...killed.env, ...env });
    assert.match(again.stdout, new RegExp(`unchanged: ${count}\\n`));
  });

  it('leaves $match answering while it loads', async () => {
    const t = await startTestApp('bulk_match');
    try {
      const file = path.join(dir, 'served.csv');
      const rows = writePopulation(file, 1500, 11);
      const first = rows[0] as string[];
      const field = (name: string): string => first[CANONICAL_COLUMNS.indexOf(name as never)] ?? '';
      const token = await t.token('match');
      const body = matchParameters(
        patient({
          given: [field('given_name')],
          family: field('family_name'),
          birthDate: field('birth_date'),
        }),
      );
      const child = spawn(process.execPath, [BIN, 'import', '--bulk', file], {
        env: { ...t.env, MPI_IMPORT_BATCH: '50' },
        stdio: 'ignore',
      });
      let running = true;
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => {
          running = false;
          resolve(code);
        }),
      );
      const statuses: number[] = [];
      while (running) statuses.push((await postMatch(t, token, body)).status);
      assert.equal(await exited, 0);
      assert.ok(statuses.length >= 5, `${statuses.length} $match answered during the load`);
      assert.deepEqual([...new Set(statuses)], [200]);
      const found = await postMatch(t, token, body);
      assert.ok((found.body as { entry?: unknown[] }).entry?.length, 'the loaded person is found');
    } finally {
      await t.close();
    }
  });
});
