import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { MllpListener } from '../../src/hl7/mllp-listener';
import { field, hl7, mllpSend, segments } from '../support/mllp';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * PIX Query (ITI-9, QBP^Q23 -> RSP^K23) in the five situations of ITI TF-2 §3.9.4.2.2.6 and
 * PDQ (ITI-21, QBP^Q22 -> RSP^K22) with continuation and cancel, sent by `mllp_send`; after the
 * NIST PIX Query Cases 1-6 and PDQ Query Cases.
 */
const DOMAINS = 'HOSPA,HOSPB&1.2.3.4.5&ISO,LAB';

function feed(control: string, pid: string): string {
  return hl7(`
    MSH|^~\\&|REG|HOSPA|MPI|MPI|20261206120000||ADT^A04^ADT_A01|${control}|P|2.3.1
    EVN|A04|20261206120000
    ${pid}
    PV1||O
  `);
}

function q23(control: string, qpd: string): string {
  return hl7(`
    MSH|^~\\&|PIXC|CLINIC|MPI|MPI|20261206120000||QBP^Q23^QBP_Q21|${control}|P|2.5
    ${qpd}
    RCP|I
  `);
}

function q22(control: string, qpd: string, rcp = 'RCP|I', dsc = ''): string {
  return hl7(`
    MSH|^~\\&|PDQC|CLINIC|MPI|MPI|20261206120000||QBP^Q22^QBP_Q21|${control}|P|2.5
    ${qpd}
    ${rcp}
    ${dsc}
  `);
}

describe('HL7 v2 PIX and PDQ queries over MLLP (mllp_send)', () => {
  let t: TestApp;
  let port = 0;

  before(async () => {
    t = await startTestApp('hl7_queries', { MPI_HL7_PORT: '0', MPI_HL7_DOMAINS: DOMAINS });
    port = t.app.get(MllpListener).port() ?? 0;
    const pid = (id: string, authority: string, given: string): string =>
      `PID|||${id}^^^${authority}^MR||QUINN^${given}||19800101|F|||12 PINE ST^^DENVER^CO^80201||^PRN^PH^^^303^5550123|||||||512-44-1234`;
    const acks = await mllpSend(port, [
      feed('S-1', pid('PA1', 'HOSPA', 'ALICE')),
      feed('S-2', pid('PB1', 'HOSPB&1.2.3.4.5&ISO', 'ALICE')),
      ...['ROSE', 'RUTH', 'REBA'].map((given, i) =>
        feed(
          `S-R${i}`,
          `PID|||R${i}^^^HOSPA^MR||ROWAN^${given}||1975010${i + 1}|F|||4 ASH ST^^BOISE^ID^83702`,
        ),
      ),
    ]);
    assert.deepEqual(
      acks.map((a) => field(a, 'MSA', 1)),
      ['AA', 'AA', 'AA', 'AA', 'AA'],
    );
  });

  after(() => t.close());

  it("case 1: a known id answers the other domains' ids, never the one asked, and no demographics", async () => {
    const [rsp] = await mllpSend(port, [q23('P-1', 'QPD|IHE PIX Query|T1|PA1^^^HOSPA')]);
    assert.equal(field(rsp ?? '', 'MSH', 9), 'RSP^K23^RSP_K23');
    assert.equal(field(rsp ?? '', 'MSA', 1), 'AA');
    assert.equal(field(rsp ?? '', 'MSA', 2), 'P-1');
    assert.equal(field(rsp ?? '', 'QAK', 1), 'T1');
    assert.equal(field(rsp ?? '', 'QAK', 2), 'OK');
    assert.equal(field(rsp ?? '', 'QPD', 3), 'PA1^^^HOSPA');
    assert.equal(field(rsp ?? '', 'PID', 3), 'PB1^^^HOSPB&1.2.3.4.5&ISO^PI');
    assert.equal(field(rsp ?? '', 'PID', 5), '~^^^^^^S');
  });

  it('case 2: a known id with nothing in the requested domains is AA with NF', async () => {
    const [rsp] = await mllpSend(port, [q23('P-2', 'QPD|IHE PIX Query|T2|PA1^^^HOSPA|^^^LAB')]);
    assert.equal(field(rsp ?? '', 'MSA', 1), 'AA');
    assert.equal(field(rsp ?? '', 'QAK', 2), 'NF');
    assert.equal(segments(rsp ?? '', 'PID').length, 0);
  });

  it('cases 3 to 5: unknown id, unknown source domain, unknown requested domains are AE 204 where they are', async () => {
    const [unknownId, unknownSource, unknownTargets] = await mllpSend(port, [
      q23('P-3', 'QPD|IHE PIX Query|T3|NOPE^^^HOSPA'),
      q23('P-4', 'QPD|IHE PIX Query|T4|PA1^^^NOWHERE'),
      q23('P-5', 'QPD|IHE PIX Query|T5|PA1^^^HOSPA|^^^HOSPB~^^^NOWHERE~^^^ELSEWHERE'),
    ]);
    for (const rsp of [unknownId, unknownSource, unknownTargets]) {
      assert.equal(field(rsp ?? '', 'MSA', 1), 'AE');
      assert.equal(field(rsp ?? '', 'QAK', 2), 'AE');
      assert.equal(field(rsp ?? '', 'ERR', 3), '204^Unknown key identifier^HL70357');
      assert.equal(segments(rsp ?? '', 'PID').length, 0);
    }
    assert.equal(field(unknownId ?? '', 'ERR', 2), 'QPD^1^3^1^1');
    assert.equal(field(unknownSource ?? '', 'ERR', 2), 'QPD^1^3^1^4');
    assert.deepEqual(
      segments(unknownTargets ?? '', 'ERR').map((e) => e.split('|')[2]),
      ['QPD^1^4^2', 'QPD^1^4^3'],
    );
  });

  it('PDQ: demographics find the person with a QRI confidence; nothing found is NF', async () => {
    const [found, none] = await mllpSend(port, [
      q22('D-1', 'QPD|IHE PDQ Query|PDQ1|@PID.5.1.1^QUINN~@PID.5.2^ALICE~@PID.7^19800101~@PID.8^F'),
      q22('D-2', 'QPD|IHE PDQ Query|PDQ2|@PID.5.1.1^NOBODY~@PID.7^19010101'),
    ]);
    assert.equal(field(found ?? '', 'MSH', 9), 'RSP^K22^RSP_K21');
    assert.equal(field(found ?? '', 'QAK', 2), 'OK');
    const pids = segments(found ?? '', 'PID');
    assert.ok(pids.length >= 1);
    assert.match(pids[0] ?? '', /PA1\^\^\^HOSPA/);
    assert.match(pids[0] ?? '', /\|Quinn\^Alice\|/i);
    assert.ok(Number(field(found ?? '', 'QRI', 1)) > 50);
    assert.equal(field(none ?? '', 'MSA', 1), 'AA');
    assert.equal(field(none ?? '', 'QAK', 2), 'NF');
  });

  it('PDQ: an unknown domain in QPD-8 is AE 204 at QPD^1^8^1', async () => {
    const [rsp] = await mllpSend(port, [
      q22('D-3', 'QPD|IHE PDQ Query|PDQ3|@PID.5.1.1^QUINN|||||^^^NOWHERE'),
    ]);
    assert.equal(field(rsp ?? '', 'MSA', 1), 'AE');
    assert.equal(field(rsp ?? '', 'ERR', 2), 'QPD^1^8^1');
    assert.equal(field(rsp ?? '', 'ERR', 3), '204^Unknown key identifier^HL70357');
  });

  it('PDQ continuation: n at a time behind a DSC pointer kept in the database; QCN cancels', async () => {
    const query =
      'QPD|IHE PDQ Query|PDQ4|@PID.5.1.1^ROWAN~@PID.7^19750101~@PID.8^F~@PID.11.5^83702';
    const [first] = await mllpSend(port, [q22('D-4', query, 'RCP|I|1^RD')]);
    assert.equal(segments(first ?? '', 'PID').length, 1);
    const pointer = field(first ?? '', 'DSC', 1);
    assert.ok(pointer !== '');
    assert.equal(field(first ?? '', 'DSC', 2), 'I');
    const total = Number(field(first ?? '', 'QAK', 4));
    assert.ok(total >= 2, `three Rowans share a surname and a ZIP: ${first ?? ''}`);
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const stored = await db.query(
        'select position from hl7_query_continuation where pointer = $1',
        [pointer],
      );
      assert.equal(stored.rows.length, 1);
      // Any instance continues: the next page comes from the pointer's row.
      const [second] = await mllpSend(port, [q22('D-5', query, 'RCP|I|1^RD', `DSC|${pointer}|I`)]);
      assert.equal(segments(second ?? '', 'PID').length, 1);
      assert.notEqual(segments(second ?? '', 'PID')[0], segments(first ?? '', 'PID')[0]);
      const next = field(second ?? '', 'DSC', 1);
      const [cancel] = await mllpSend(port, [
        hl7(`
          MSH|^~\\&|PDQC|CLINIC|MPI|MPI|20261206120000||QCN^J01^QCN_J01|D-6|P|2.5
          QID|PDQ4|IHE PDQ Query
        `),
      ]);
      assert.equal(field(cancel ?? '', 'MSA', 1), 'AA');
      const left = await db.query(
        `select count(*)::int n from hl7_query_continuation where query_tag = 'PDQ4'`,
      );
      assert.equal((left.rows[0] as { n: number }).n, 0);
      if (next !== '') {
        const [after] = await mllpSend(port, [q22('D-7', query, 'RCP|I|1^RD', `DSC|${next}|I`)]);
        assert.equal(field(after ?? '', 'MSA', 1), 'AE');
      }
    } finally {
      await db.end();
    }
  });
});
