import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli';

/** Surnames on two rows or more: a typo is seldom written twice, a name people carry is. */
function surnames(csv: string): Set<string> {
  const [header = '', ...lines] = csv.trim().split('\n');
  const column = header.split(',').indexOf('family_name');
  const counts = new Map<string, number>();
  for (const line of lines) {
    const name = line.split(',')[column]?.toLowerCase() ?? '';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, n]) => n >= 2).map(([name]) => name));
}

describe('mpi dataset synth (CLI)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-synth-'));

  it('draws names from the US frequency tables with --names us', async () => {
    const out = (names: string) => path.join(dir, `${names}.csv`);
    for (const names of ['builtin', 'us']) {
      const run = await runCli(
        [
          'dataset',
          'synth',
          '--people',
          '1500',
          '--seed',
          '3',
          '--names',
          names,
          '--out',
          out(names),
        ],
        process.env,
      );
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /1500 people/);
    }
    const builtIn = surnames(fs.readFileSync(out('builtin'), 'utf8'));
    const us = surnames(fs.readFileSync(out('us'), 'utf8'));
    assert.ok(us.size > 3 * builtIn.size, `${us.size} surnames against ${builtIn.size}`);
  });

  it('refuses an unknown name source with its usage', async () => {
    const run = await runCli(['dataset', 'synth', '--names', 'martian'], process.env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--names builtin\|us/);
  });
});
