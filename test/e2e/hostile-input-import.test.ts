import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { Client } from 'pg';
import request from 'supertest';
import { csvLine } from '../../src/common/csv';
import { CANONICAL_COLUMNS } from '../../src/matching/record-types';
import { runCli } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';
import { hostilePatient, hostileRecord, report, tally } from './hostile-input-arbitraries';

const ROWS = Number(process.env.MPI_HOSTILE_ROWS ?? '120');
const MARKER = 'ZQXJ';

/** Structurally broken CSV lines: the importer must reject each by line number and go on. */
const MALFORMED_LINES = [
  '"unterminated,quote,field',
  'too,many,fields,' + ','.repeat(40),
  ',',
  'a"b,c',
  '\u0000\u0001\u0002,\u0003',
  `"${'x'.repeat(300_000)}",y`,
];

const UNTERMINATED_QUOTE = MALFORMED_LINES[0] ?? '';
const MIDDLE_LINES = MALFORMED_LINES.slice(1);

function cell(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}

describe('hostile files through the CLI importer: rejected by line, never a crash, nothing half-stored', () => {
  let t: TestApp;
  let db: Client;
  let dir: string;

  before(async () => {
    t = await startTestApp('hostile_import', { MPI_RATE_LIMIT: '0' });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-hostile-'));
  });
  after(async () => {
    console.log(report('hostile input (files)'));
    await db.end();
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const stored = async (): Promise<number> =>
    (await db.query(`select count(*)::int as n from source_record`)).rows[0].n as number;
  const counted = (stdout: string, label: string): number =>
    Number(new RegExp(`^${label}: (\\d+)$`, 'm').exec(stdout)?.[1] ?? NaN);

  async function importAndCheck(file: string, expectedLines: number): Promise<void> {
    const before = await stored();
    const res = await runCli(['import', file, '--source', 'hostile-file'], t.env);
    assert.ok(
      res.code === 0 || res.code === 3,
      `import exited ${res.code}: ${res.stderr.slice(0, 500)}`,
    );
    assert.equal(/\n\s+at /.test(res.stderr), false, 'a stack trace on stderr');
    assert.equal(
      res.stderr.includes(MARKER) || res.stdout.includes(MARKER),
      false,
      'the importer echoed a submitted value',
    );
    const created = counted(res.stdout, 'created');
    assert.equal(counted(res.stdout, 'read') >= expectedLines - 1, true, res.stdout);
    assert.equal(
      (await stored()) - before,
      created,
      'records stored that the summary does not count as created',
    );
    for (const line of res.stderr.split('\n').filter((l) => l.startsWith('line ')))
      assert.match(line, /^line \d+: [^:]+: .+/);
  }

  it('imports a CSV of hostile rows and malformed lines', async () => {
    const rows = fc.sample(hostileRecord, { numRuns: ROWS });
    tally('csv:hostile-row', rows.length);
    tally('csv:malformed-line', MALFORMED_LINES.length);
    const lines = [csvLine([...CANONICAL_COLUMNS])];
    rows.forEach((row, i) => {
      lines.push(
        csvLine(
          CANONICAL_COLUMNS.map((c) =>
            c === 'given_name'
              ? `${MARKER}${cell(row[c]).slice(0, 30)}`
              : c === 'source_id'
                ? `row-${i}`
                : cell(row[c]),
          ),
        ),
      );
      if (i % 25 === 0) lines.push(`${MIDDLE_LINES[(i / 25) % MIDDLE_LINES.length]}\n`);
    });
    // An unclosed quote runs, by the CSV grammar, to the next quote character: the rows after it
    // are inside its field, not rows. It goes last, where it can only be refused by line.
    lines.push(`${UNTERMINATED_QUOTE}\n`);
    const file = path.join(dir, 'hostile.csv');
    fs.writeFileSync(file, lines.join(''));
    await importAndCheck(file, rows.length);
  });

  it('imports NDJSON of malformed and hostile FHIR Patients', async () => {
    const patients = fc.sample(hostilePatient, { numRuns: Math.round(ROWS / 2) });
    tally('ndjson:hostile-patient', patients.length);
    const lines = patients.map((p) => JSON.stringify(p) ?? 'null');
    lines.push(
      '{"resourceType":"Patient",',
      'not json at all',
      '[1,2,3]',
      '{"resourceType":"Patient","name":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
    );
    tally('ndjson:malformed-line', 4);
    const file = path.join(dir, 'hostile.ndjson');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    await importAndCheck(file, lines.length);
  });

  it('refuses a file with an unknown column by name, before storing anything', async () => {
    tally('csv:unknown-column');
    const file = path.join(dir, 'unknown.csv');
    fs.writeFileSync(file, 'source,source_id,<script>\ns,1,x\n');
    const before = await stored();
    const res = await runCli(['import', file], t.env);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /unknown column/);
    assert.equal(/\n\s+at /.test(res.stderr), false);
    assert.equal(await stored(), before);
  });

  it('leaves the service answering', async () => {
    await request(t.baseUrl).get('/health').expect(200);
  });
});
