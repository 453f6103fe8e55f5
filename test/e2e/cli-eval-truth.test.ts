import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';

/** The survivorship measurement end to end: synth writes the truth, eval reads it. */
describe('mpi dataset synth --truth and mpi eval --truth (CLI)', () => {
  let t: TestApp;
  let dir: string;

  before(async () => {
    t = await startTestApp('cli_eval_truth');
    dir = fs.mkdtempSync(path.join(t.dataDir, 'truth-'));
  });
  after(() => t.close());

  it('writes one truth row per person and measures golden records against it', async () => {
    const data = path.join(dir, 'people.csv');
    const truth = path.join(dir, 'truth.csv');
    const synth = await runCli(
      ['dataset', 'synth', '--people', '150', '--seed', '4', '--out', data, '--truth', truth],
      t.env,
    );
    assert.equal(synth.code, 0, synth.stderr);
    const [header, ...rows] = fs.readFileSync(truth, 'utf8').trim().split('\n');
    assert.equal(
      header,
      'entity_id,given_name,family_name,birth_date,sex,postal_code,name_changed,moved',
    );
    assert.equal(rows.length, 150);

    const run = await runCli(['eval', data, '--truth', truth, '--json'], t.env);
    assert.equal(run.code, 0, run.stderr);
    const golden = JSON.parse(run.stdout).golden;
    assert.ok(golden.persons > 50, `${golden.persons} persons measured`);
    for (const share of ['givenName', 'birthDate', 'sex', 'allThree'])
      assert.ok(golden[share] > 0.8 && golden[share] <= 1, `${share} ${golden[share]}`);
  });
});
