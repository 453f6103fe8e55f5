import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { convertDataset, generateSynthetic, readNicknamePairs } from '../../src/datasets';

const LINKAGE = path.resolve(__dirname, '../../../data/linkage');

/** A writable that keeps what it receives, with a small buffer to exercise back-pressure. */
function collector(): { out: Writable; text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      setImmediate(done);
    },
  });
  return { out, text: () => chunks.join('') };
}

function entityCounts(text: string): Map<string, number> {
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  const counts = new Map<string, number>();
  for (const row of rows)
    counts.set(row.entity_id ?? '', (counts.get(row.entity_id ?? '') ?? 0) + 1);
  return counts;
}

describe('convertDataset on the shipped files', () => {
  it('converts FEBRL 1 into 1,000 rows of 500 people, two rows each', async () => {
    const { out, text } = collector();
    const result = await convertDataset('febrl', [path.join(LINKAGE, 'febrl/dataset1.csv')], out);
    assert.equal(result.rows, 1000);
    const counts = entityCounts(text());
    assert.equal(counts.size, 500);
    assert.ok([...counts.values()].every((n) => n === 2));
    assert.ok(text().startsWith('source,source_id,given_name,family_name,birth_date,'));
  });

  it('converts fake_1000 into 1,000 rows of 251 people', async () => {
    const { out, text } = collector();
    const file = path.join(LINKAGE, 'splink-fake_1000/fake_1000.csv');
    assert.deepEqual(await convertDataset('fake-1000', [file], out), { rows: 1000 });
    assert.equal(entityCounts(text()).size, 251);
  });

  it('rejects a missing file instead of hanging', async () => {
    const { out } = collector();
    await assert.rejects(convertDataset('febrl', [path.join(LINKAGE, 'nope.csv')], out), /ENOENT/);
  });
});

describe('generateSynthetic', () => {
  it('writes a header and the promised rows and entities', async () => {
    const { out, text } = collector();
    const result = await generateSynthetic({ people: 300, seed: 'files' }, out);
    const rows = parse(text(), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, result.rows);
    assert.equal(result.entities, 300);
    assert.equal(new Set(rows.map((r) => r.entity_id)).size, 300);
  });
});

describe('readNicknamePairs', () => {
  it('reads name1,relationship,name2 with CRLF', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nick-')), 'names.csv');
    fs.writeFileSync(file, 'name1,relationship,name2\r\naaron,has_nickname,ron\r\nbob,other,x\r\n');
    assert.deepEqual(await readNicknamePairs(file), [['aaron', 'ron']]);
  });
});
