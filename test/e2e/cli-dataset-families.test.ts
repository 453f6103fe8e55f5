import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CliResult, runCli } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';

interface CategoryJson {
  category: string;
  linkedPairs: number;
  precision: number;
  recall: number;
  overlays: number;
}

describe('mpi dataset families and mpi eval by category (CLI)', () => {
  let t: TestApp;
  let file: string;
  let written: CliResult;

  before(async () => {
    t = await startTestApp('cli_families');
    file = path.join(fs.mkdtempSync(path.join(t.dataDir, 'families-')), 'families.csv');
    // The population the cases read: written once, here, not by one of them.
    written = await runCli(
      ['dataset', 'families', '--people', '300', '--seed', '2', '--out', file],
      t.env,
    );
  });
  after(() => t.close());

  it('writes a tagged population of whole households', () => {
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stderr, /rows, 30\d people, \d+ households/);
    const [header] = fs.readFileSync(file, 'utf8').split('\n');
    assert.match(header ?? '', /,entity_id,household_id,tags$/);
  });

  it('evaluates it per category, with the review queue, as text and JSON', async () => {
    const json = await runCli(['eval', file, '--json'], t.env);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as {
      import: { rejected: number };
      population: {
        categories: CategoryJson[];
        review: { perThousandRecords: number; trueCandidateShare: number };
      };
    };
    assert.equal(report.import.rejected, 0);
    const categories = report.population.categories.map((c) => c.category);
    for (const wanted of ['twins', 'generational', 'parent-child', 'siblings', 'spouses']) {
      assert.ok(categories.includes(wanted), categories.join(','));
    }
    const parentChild = report.population.categories.find((c) => c.category === 'parent-child');
    assert.ok(parentChild && parentChild.linkedPairs > 0);
    assert.ok(report.population.review.perThousandRecords >= 0);
    const text = await runCli(['eval', file], t.env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /review tasks per 1,000 records: \d+\.\d; candidate is the true person/,
    );
    assert.match(text.stdout, /automatic links by category/);
    assert.match(text.stdout, /\n {2}twins +\d+ +\d+ +\d\.\d{4}/);
  });

  it('writes the canonical columns alone with --no-labels, for a plain import', async () => {
    const plain = file.replace(/\.csv$/, '-plain.csv');
    const run = await runCli(
      ['dataset', 'families', '--people', '50', '--no-labels', '--out', plain],
      t.env,
    );
    assert.equal(run.code, 0, run.stderr);
    const imported = await runCli(['import', plain], t.env);
    assert.equal(imported.code, 0, imported.stderr);
  });
});
