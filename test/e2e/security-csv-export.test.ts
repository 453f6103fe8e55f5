import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { csvExportLine, csvLine } from '../../src/common/csv';
import { runCli } from '../support/cli';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Finding 8 of the outside review: `mpi export links` wrote a source id like
 * `=HYPERLINK(...)` as is, and a spreadsheet opening the export ran it as a formula.
 */
const hostileIds = ['=HYPERLINK("http://evil.example","x")', '@SUM(1+1)', '+cmd', '-2+3'];

describe('CSV exports defuse formula cells', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp('security_csv_export', { MPI_RATE_LIMIT: '0' });
    await request(t.baseUrl)
      .post('/api/records')
      .set('Authorization', `Bearer ${await t.token('admin')}`)
      .send({
        records: hostileIds.map((id, i) => ({
          source: 'csv-clinic',
          source_id: id,
          family_name: `Formula${i}`,
        })),
      })
      .expect(200);
  });
  after(() => t.close());

  it('prefixes text cells starting with = + - @ or a tab in `export links`', async () => {
    const run = await runCli(['export', 'links'], t.env);
    assert.equal(run.code, 0, run.stderr);
    const rows = parse(run.stdout, { columns: true }) as Record<string, string>[];
    const ids = rows.map((r) => r.source_id ?? '').sort();
    assert.deepEqual(ids, hostileIds.map((id) => `'${id}`).sort());
    for (const row of rows) assert.match(row.probability ?? '', /^$|^\d/);
  });

  it('escapes exports only: canonical data files keep their values, numbers stay numbers', () => {
    assert.equal(csvExportLine(['=1+1', -0.5, 'ok']), `'=1+1,-0.5,ok\n`);
    assert.equal(csvExportLine(['\r=x']), `"'\r=x"\n`);
    assert.equal(csvLine(['=1+1']), '=1+1\n');
  });
});
