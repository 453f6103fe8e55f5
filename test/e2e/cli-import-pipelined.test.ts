import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { csvLine } from '../../src/common/csv';
import { generateSyntheticPatients } from '../../src/datasets';
import { CANONICAL_COLUMNS } from '../../src/matching/record-types';
import { CliResult, runCli } from '../support/cli';
import { linkageIntegrity } from '../support/linkage-integrity';
import { personPartition } from '../support/person-partition';
import { TestApp, startTestApp } from '../support/test-app';

/** A synthetic population as an unlabelled CSV, people's registrations scattered over the file. */
function writePopulation(file: string, people: number, seed: number): number {
  const rows = [...generateSyntheticPatients({ people, seed })].map(({ row }) => row);
  fs.writeFileSync(
    file,
    [
      csvLine([...CANONICAL_COLUMNS]),
      ...rows.map((r) => csvLine(CANONICAL_COLUMNS.map((c) => r[c] ?? ''))),
    ].join('\n') + '\n',
  );
  return rows.length;
}

/** Every pair of records one person holds, from personPartition()'s lines. */
function pairsOf(persons: string[]): Set<string> {
  const pairs = new Set<string>();
  for (const person of persons) {
    const records = person.split(' ');
    for (let i = 0; i < records.length; i++)
      for (let j = i + 1; j < records.length; j++) pairs.add(`${records[i]}|${records[j]}`);
  }
  return pairs;
}

describe('mpi import with several batches in flight (MPI_IMPORT_CONCURRENCY)', () => {
  let serial: TestApp;
  let pipelined: TestApp;
  let dir: string;
  let population: number;
  let serialRun: CliResult;
  let pipelinedRun: CliResult;
  let integrity: Awaited<ReturnType<typeof linkageIntegrity>>;
  let together: Set<string>;
  let alone: Set<string>;

  before(async () => {
    serial = await startTestApp('import_serial');
    pipelined = await startTestApp('import_pipelined');
    dir = fs.mkdtempSync(path.join(pipelined.dataDir, 'files-'));
    // One population into both stores, serially and four batches at a time: the cases compare
    // them, and the statistics cases need a large store.
    const file = path.join(dir, 'population.csv');
    population = writePopulation(file, 400, 21);
    serialRun = await runCli(['import', file], {
      ...serial.env,
      MPI_IMPORT_BATCH: '40',
      MPI_IMPORT_CONCURRENCY: '1',
    });
    pipelinedRun = await runCli(['import', file], {
      ...pipelined.env,
      MPI_IMPORT_BATCH: '40',
      MPI_IMPORT_CONCURRENCY: '4',
    });
    // The stores as the population left them, before a case adds to them.
    integrity = await linkageIntegrity(pipelined.databaseUrl);
    together = pairsOf(await personPartition(pipelined, dir, 'pipelined'));
    alone = pairsOf(await personPartition(serial, dir, 'serial'));
  });
  after(async () => {
    await serial.close();
    await pipelined.close();
  });

  it('gives the persons of a serial import, every record linked once and every golden record current', () => {
    assert.equal(serialRun.code, 0, serialRun.stderr);
    assert.equal(pipelinedRun.code, 0, pipelinedRun.stderr);
    assert.match(pipelinedRun.stdout, new RegExp(`created: ${population}\\n`));
    assert.deepEqual(integrity, { records: population, links: population, stale: 0 });
    // Batches in flight defer a record that shares a key with one of them, so the pipelined
    // import is some serial feed, not the file's order; where two persons of one household are
    // close (an ambiguous record, a household rival), who came first may decide. All but a
    // handful of the records' pairs must agree.
    const shared = [...together].filter((pair) => alone.has(pair)).length;
    const union = together.size + alone.size - shared;
    assert.ok(shared / union >= 0.99, `${shared} of ${union} linked pairs agree`);
  });

  it('refreshes the planner statistics of the hot tables as a bulk load grows the store', async () => {
    const file = path.join(dir, 'growth.csv');
    writePopulation(file, 150, 33);
    const analyzed = async (): Promise<number> => {
      const db = new Client({ connectionString: pipelined.databaseUrl });
      await db.connect();
      const r = await db.query(
        `select analyze_count::int as n from pg_stat_user_tables where relname = 'record_block_key'`,
      );
      await db.end();
      return r.rows[0].n as number;
    };
    const before = await analyzed();
    const run = await runCli(['import', file], {
      ...pipelined.env,
      MPI_IMPORT_BATCH: '25',
      MPI_IMPORT_ANALYZE_EVERY: '100',
    });
    assert.equal(run.code, 0, run.stderr);
    // About 330 records: refreshed at 100, 200 and 300 created, and once more at the end.
    assert.ok((await analyzed()) - before >= 3, 'the importer never refreshed the statistics');
  });

  it('leaves the statistics of a large store to autovacuum after a small import', async () => {
    const db = new Client({ connectionString: pipelined.databaseUrl });
    await db.connect();
    const analyzed = async (): Promise<number> =>
      (
        await db.query(
          `select analyze_count::int as n from pg_stat_user_tables where relname = 'record_block_key'`,
        )
      ).rows[0].n as number;
    const stored = Number((await db.query('select count(*) from source_record')).rows[0].count);
    const before = await analyzed();
    const file = path.join(dir, 'small.csv');
    writePopulation(file, 12, 57);
    const run = await runCli(['import', file], {
      ...pipelined.env,
      MPI_IMPORT_BATCH: '25',
      MPI_IMPORT_ANALYZE_EVERY: '100',
    });
    assert.equal(run.code, 0, run.stderr);
    const created = Number(/created: (\d+)/.exec(run.stdout)?.[1]);
    // A fifth of MPI_IMPORT_ANALYZE_EVERY or more, but not a tenth of the store.
    assert.ok(created >= 20 && created < stored / 10, `${created} created, ${stored} stored`);
    assert.equal(await analyzed(), before);
    await db.end();
  });

  it('never lets a resent record overtake its earlier version in another batch', async () => {
    const file = path.join(dir, 'resend.csv');
    const header = 'source,source_id,given_name,family_name,birth_date,sex,postal_code';
    const filler = Array.from(
      { length: 60 },
      (_, i) =>
        `lab,f${i},Person${i},Filler${i},19${String(10 + i).padStart(2, '0')}-01-02,female,0${2100 + i}`,
    );
    fs.writeFileSync(
      file,
      [
        header,
        'lab,r1,Ines,Oldname,1970-03-04,female,02139',
        ...filler.slice(0, 6),
        'lab,r1,Ines,Newname,1970-03-04,female,02139',
        ...filler.slice(6),
      ].join('\n') + '\n',
    );
    const run = await runCli(['import', file], {
      ...pipelined.env,
      MPI_IMPORT_BATCH: '5',
      MPI_IMPORT_CONCURRENCY: '3',
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /updated: 1\n/);
    const db = new Client({ connectionString: pipelined.databaseUrl });
    await db.connect();
    const r = await db.query(
      `select demographics->>'familyName' as family, version from source_record
        where source = 'lab' and demographics->>'givenName' = 'ines'`,
    );
    await db.end();
    assert.deepEqual(r.rows, [{ family: 'newname', version: 2 }]);
  });
});
