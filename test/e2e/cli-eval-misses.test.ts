import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';

/** `mpi eval --misses`: the true pairs blocking found and linkage left apart, each explained. */
describe('mpi eval --misses (CLI)', () => {
  let t: TestApp;
  let dir: string;

  before(async () => {
    t = await startTestApp('cli_eval_misses');
    dir = fs.mkdtempSync(path.join(t.dataDir, 'misses-'));
  });
  after(() => t.close());

  it('writes one explained line per missed pair and tallies them in the report', async () => {
    const data = path.join(dir, 'people.csv');
    const misses = path.join(dir, 'misses.ndjson');
    const synth = await runCli(
      ['dataset', 'synth', '--people', '300', '--seed', '3', '--out', data],
      t.env,
    );
    assert.equal(synth.code, 0, synth.stderr);

    const run = await runCli(['eval', data, '--json', '--misses', misses], t.env);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    const lines = fs.readFileSync(misses, 'utf8').trim().split('\n').filter(Boolean);
    const pairs = lines.map((line) => JSON.parse(line));
    const { truePairs, truePositives } = report.linkage.pairwise;

    assert.ok(pairs.length > 0, 'a generated population leaves some pairs apart');
    assert.ok(pairs.length <= truePairs - truePositives, 'only pairs linkage missed');
    const tallied = report.missed.reduce((sum: number, [, n]: [string, number]) => sum + n, 0);
    assert.equal(tallied, pairs.length);
    for (const p of pairs) {
      assert.notEqual(p.recordA, p.recordB);
      assert.ok(['certain', 'probable', 'possible', 'no-match'].includes(p.matchClass));
      assert.ok(Array.isArray(p.tasks));
      assert.ok(Object.keys(p.levels).length > 0);
      // Levels and weights only: no value of a record leaves the store.
      assert.doesNotMatch(JSON.stringify(p.levels), /[0-9]{4}-[0-9]{2}-[0-9]{2}/);
    }
  });
});
