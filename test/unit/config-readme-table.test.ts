import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { allConfigVariables } from '../../src/config/config-variables';

/** The variables README's configuration table documents: the first column's `NAMES`. */
function readmeVariables(): string[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Configuration\n');
  assert.ok(start >= 0, 'README has a Configuration section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z_][A-Z0-9_]*)`/g)])
    .map((match) => match[1] ?? '');
}

describe('configuration schema and README', () => {
  it('list the same variables', () => {
    const documented = readmeVariables();
    assert.deepEqual([...new Set(documented)].sort(), [...new Set(allConfigVariables())].sort());
    assert.equal(new Set(documented).size, documented.length, 'each variable documented once');
  });
});
