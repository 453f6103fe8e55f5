import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from './cli';
import { TestApp } from './test-app';

/** Records grouped by person, each named by source and source id, in a canonical order (`mpi export links`). */
export async function personPartition(t: TestApp, dir: string, name: string): Promise<string[]> {
  const out = path.join(dir, `${name}-links.csv`);
  const run = await runCli(['export', 'links', '--out', out], t.env);
  assert.equal(run.code, 0, run.stderr);
  const groups = new Map<string, string[]>();
  for (const line of fs.readFileSync(out, 'utf8').trim().split('\n').slice(1)) {
    const [source, sourceId, personId] = line.split(',');
    const list = groups.get(personId ?? '') ?? [];
    list.push(`${source}/${sourceId}`);
    groups.set(personId ?? '', list);
  }
  return [...groups.values()].map((g) => g.sort().join(' ')).sort();
}
