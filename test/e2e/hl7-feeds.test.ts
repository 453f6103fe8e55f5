import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import request from 'supertest';
import { MllpClient } from '../../src/hl7/mllp-client';
import { MllpListener } from '../../src/hl7/mllp-listener';
import { StoredGolden, unpackGolden } from '../../src/linkage/stored-golden';
import { field, frame, hl7, mllpSend, segments, sendRaw } from '../support/mllp';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * ITI-8 (v2.3.1) and ITI-30 (v2.5) patient feeds over MLLP, sent by Debian's python3-hl7
 * `mllp_send`, a peer nobody here wrote; cases after the NIST PIX/PDQ tool and OpenHIE CR-01..18.
 */
const DOMAINS = 'HOSPA,HOSPB&1.2.3.4.5&ISO';

function adt(event: string, control: string, pid: string, version = '2.3.1', extra = ''): string {
  return hl7(`
    MSH|^~\\&|REG|HOSPA|MPI|MPI|20261206120000||ADT^${event}^ADT_A01|${control}|P|${version}
    EVN|${event}|20261206120000
    ${pid}
    ${extra || 'PV1||O'}
  `);
}

describe('HL7 v2 feeds over MLLP (mllp_send)', () => {
  let t: TestApp;
  let port = 0;
  let db: Client;
  let steward = '';

  before(async () => {
    t = await startTestApp('hl7_feeds', {
      MPI_HL7_PORT: '0',
      MPI_HL7_DOMAINS: DOMAINS,
      MPI_HL7_MAX_FRAME_BYTES: '4096',
    });
    port = t.app.get(MllpListener).port() ?? 0;
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    steward = await t.token('steward');
  });

  after(async () => {
    await db.end();
    await t.close();
  });

  const count = async (sql: string): Promise<number> =>
    Number(((await db.query(sql)).rows[0] as { n: string }).n);

  const patient = async (source: string, id: string): Promise<Record<string, unknown>> => {
    const res = await request(t.baseUrl)
      .get(`/fhir/Patient?identifier=${source}|${id}`)
      .set('Authorization', `Bearer ${steward}`)
      .expect(200);
    const bundle = res.body as { entry?: { resource: Record<string, unknown> }[] };
    assert.equal(bundle.entry?.length, 1);
    return bundle.entry?.[0]?.resource ?? {};
  };

  it('answers AA to each feed type, echoing MSH-10 and the version, after the record is stored', async () => {
    const acks = await mllpSend(port, [
      adt('A01', 'F-A01', 'PID|||A01^^^HOSPA^MR||ADAMS^ANN||19700101|F'),
      adt('A04', 'F-A04', 'PID|||A04^^^HOSPA^MR||BAKER^BEN||19710202|M'),
      adt('A05', 'F-A05', 'PID|||A05^^^HOSPA^MR||CLARK^CORA||19720303|F'),
      adt('A08', 'F-A08', 'PID|||A04^^^HOSPA^MR||BAKER^BENJAMIN'),
      adt(
        'A28',
        'F-A28',
        'PID|||B28^^^HOSPB&1.2.3.4.5&ISO^PI||DAVIS^DAN||19730404|M',
        '2.5',
        'PV1||N',
      ),
      adt('A31', 'F-A31', 'PID|||B28^^^&1.2.3.4.5&ISO^PI||DAVIS^DANIEL', '2.5', 'PV1||N'),
    ]);
    assert.equal(acks.length, 6);
    const controls = ['F-A01', 'F-A04', 'F-A05', 'F-A08', 'F-A28', 'F-A31'];
    acks.forEach((ack, i) => {
      assert.equal(field(ack, 'MSA', 1), 'AA', ack);
      assert.equal(field(ack, 'MSA', 2), controls[i]);
      assert.equal(field(ack, 'MSH', 12), i < 4 ? '2.3.1' : '2.5');
      assert.equal(field(ack, 'MSH', 5), 'REG');
      assert.equal(field(ack, 'MSH', 9), `ACK^${controls[i]?.slice(2)}^ACK`);
    });
    assert.equal(
      await count(
        `select count(*) n from source_record
          where source = 'HOSPA' and demographics->>'familyName' in ('adams', 'baker', 'clark')`,
      ),
      3,
    );
    // The OID alone names HOSPB (namespace completed from the configuration, CR-02).
    assert.equal(await count(`select count(*) n from source_record where source = 'HOSPB'`), 1);
    const ben = await patient('HOSPA', 'A04');
    assert.deepEqual((ben.name as { given: string[] }[])[0]?.given, ['Benjamin']);
    // A08 left PID-7 and PID-8 out: the stored birth date and sex stay.
    assert.equal(ben.birthDate, '1971-02-02');
    assert.equal(ben.gender, 'male');
  });

  it('deletes a value sent as "" and keeps the ones left out', async () => {
    const [first, second] = await mllpSend(port, [
      adt('A04', 'N-1', 'PID|||N1^^^HOSPA^MR||NULL^NORA||19800505|F|||1 ELM ST^^SALEM^OR^97301'),
      adt('A08', 'N-2', 'PID|||N1^^^HOSPA^MR||NULL^NORA||""||||""'),
    ]);
    assert.equal(field(first ?? '', 'MSA', 1), 'AA');
    assert.equal(field(second ?? '', 'MSA', 1), 'AA');
    const nora = await patient('HOSPA', 'N1');
    assert.equal(nora.birthDate, undefined);
    assert.equal(nora.address, undefined);
    assert.equal(nora.gender, 'female');
  });

  it('gives a re-sent control id the same ACK and stores nothing new', async () => {
    const message = adt('A04', 'DUP-1', 'PID|||D1^^^HOSPA^MR||DUPONT^DORA||19810606|F');
    const before = await count(`select count(*) n from source_record`);
    const [a, b] = await mllpSend(port, [message, message]);
    assert.equal(field(a ?? '', 'MSA', 1), 'AA');
    assert.equal(b, a);
    assert.equal(await count(`select count(*) n from source_record`), before + 1);
    const changed = adt('A04', 'DUP-1', 'PID|||D2^^^HOSPA^MR||DUPONT^DORIS||19810606|F');
    const [reused] = await mllpSend(port, [changed]);
    assert.equal(field(reused ?? '', 'MSA', 1), 'AE');
    assert.match(segments(reused ?? '', 'ERR')[0] ?? '', /205&Duplicate key identifier/);
    assert.equal(await count(`select count(*) n from source_record`), before + 1);
  });

  it('merges with A40; the subsumed id is then unknown to PIX; an unknown MRG is AE 204', async () => {
    const acks = await mllpSend(port, [
      adt('A04', 'M-1', 'PID|||M1^^^HOSPA^MR||MERGE^MAX||19900101|M|||9 OAK ST^^AUSTIN^TX^73301'),
      adt('A04', 'M-2', 'PID|||M2^^^HOSPA^MR||MERGE^MAXWELL||19900101|M'),
      adt('A40', 'M-3', 'PID|||M1^^^HOSPA^MR||MERGE^MAX', '2.3.1', 'MRG|M2^^^HOSPA'),
      adt('A40', 'M-4', 'PID|||M1^^^HOSPA^MR||MERGE^MAX', '2.3.1', 'MRG|NOPE^^^HOSPA'),
    ]);
    assert.deepEqual(
      acks.map((a) => field(a, 'MSA', 1)),
      ['AA', 'AA', 'AA', 'AE'],
    );
    // v2.3.1 places the error in ERR-1.
    assert.equal(field(acks[3] ?? '', 'ERR', 1), 'MRG^1^1^204&Unknown key identifier&HL70357');
    const [pix] = await mllpSend(port, [
      hl7(`
        MSH|^~\\&|PIXC|HOSPA|MPI|MPI|20261206120000||QBP^Q23^QBP_Q21|PIX-M2|P|2.5
        QPD|IHE PIX Query|Q-M2|M2^^^HOSPA
        RCP|I
      `),
    ]);
    assert.equal(field(pix ?? '', 'MSA', 1), 'AE');
    assert.equal(field(pix ?? '', 'QAK', 2), 'AE');
    assert.equal(field(pix ?? '', 'ERR', 2), 'QPD^1^3^1^1');
    assert.equal(
      await count(
        `select count(*) n from source_record where source = 'HOSPA' and demographics->>'familyName' = 'merge'`,
      ),
      1,
    );
  });

  it("changes a record's identifier with A47; onto an id in use is AE 205", async () => {
    const a47 = (control: string, pid: string, mrg: string): string =>
      adt('A47', control, pid, '2.5', mrg);
    const acks = await mllpSend(port, [
      adt('A04', 'K-1', 'PID|||WRONG1^^^HOSPA^MR||KEY^KIM||19910101|F'),
      adt('A04', 'K-2', 'PID|||TAKEN1^^^HOSPA^MR||KEY^KAREN||19920202|F'),
      a47('K-3', 'PID|||RIGHT1^^^HOSPA^MR||KEY^KIM', 'MRG|WRONG1^^^HOSPA'),
      a47('K-4', 'PID|||TAKEN1^^^HOSPA^MR||KEY^KIM', 'MRG|RIGHT1^^^HOSPA'),
    ]);
    assert.deepEqual(
      acks.map((a) => field(a, 'MSA', 1)),
      ['AA', 'AA', 'AA', 'AE'],
    );
    assert.equal(field(acks[3] ?? '', 'ERR', 3), '205^Duplicate key identifier^HL70357');
    const kim = await patient('HOSPA', 'RIGHT1');
    assert.equal(kim.birthDate, '1991-01-01');
    const old = await request(t.baseUrl)
      .get('/fhir/Patient?identifier=HOSPA|WRONG1')
      .set('Authorization', `Bearer ${steward}`)
      .expect(200);
    assert.equal((old.body as { entry?: unknown[] }).entry?.length ?? 0, 0);
  });

  it('refuses an identifier without a usable assigning authority (bad CX.4) with AE 204', async () => {
    const acks = await mllpSend(port, [
      adt('A28', 'CX-1', 'PID|||X1^^^&1.2.3^PI||BAD^CX', '2.5', 'PV1||N'),
      adt('A28', 'CX-2', 'PID|||X2^^^&&ISO^PI||BAD^CX', '2.5', 'PV1||N'),
      adt('A28', 'CX-3', 'PID|||X3^^^ELSEWHERE^PI||BAD^CX', '2.5', 'PV1||N'),
    ]);
    for (const ack of acks) {
      assert.equal(field(ack, 'MSA', 1), 'AE');
      assert.equal(field(ack, 'ERR', 2), 'PID^1^3^1^4');
      assert.equal(field(ack, 'ERR', 3), '204^Unknown key identifier^HL70357');
    }
    assert.equal(
      await count(`select count(*) n from source_record where demographics->>'familyName' = 'bad'`),
      0,
    );
  });

  it('rejects an unsupported event, version or processing id with AR', async () => {
    const acks = await mllpSend(port, [
      adt('A99', 'AR-1', 'PID|||Z1^^^HOSPA^MR||ZED^ZOE'),
      adt('A04', 'AR-2', 'PID|||Z1^^^HOSPA^MR||ZED^ZOE', '2.9'),
      hl7(`
        MSH|^~\\&|REG|HOSPA|MPI|MPI|20261206120000||ADT^A04^ADT_A01|AR-3|X|2.5
        PID|||Z1^^^HOSPA^MR||ZED^ZOE
      `),
    ]);
    assert.deepEqual(
      acks.map((a) => field(a, 'MSA', 1)),
      ['AR', 'AR', 'AR'],
    );
    assert.match(acks[0] ?? '', /201&Unsupported event code/);
    // The answer echoes the request's version, and so uses the v2.5 layout for 2.9.
    assert.equal(field(acks[1] ?? '', 'ERR', 3), '203^Unsupported version id^HL70357');
    assert.match(segments(acks[2] ?? '', 'ERR')[0] ?? '', /202\^Unsupported processing id/);
  });

  it('answers AR to an oversized frame and still answers the next message on the connection', async () => {
    const big = adt('A04', 'BIG-1', `PID|||BIG^^^HOSPA^MR||${'LONG'.repeat(2000)}^NAME`);
    const acks = await mllpSend(port, [
      big,
      adt('A04', 'AFTER-1', 'PID|||AFTER^^^HOSPA^MR||NEXT^NED||19850505|M'),
    ]);
    assert.equal(field(acks[0] ?? '', 'MSA', 1), 'AR');
    assert.equal(field(acks[0] ?? '', 'MSA', 2), 'BIG-1');
    assert.equal(field(acks[1] ?? '', 'MSA', 1), 'AA');
    assert.equal(field(acks[1] ?? '', 'MSA', 2), 'AFTER-1');
  });

  it('keeps delimiters inside values from forging fields, both ways', async () => {
    const [ack] = await sendRaw(
      port,
      [frame(adt('A04', 'ESC-1', 'PID|||E1^^^HOSPA^MR||O\\F\\BRIEN\\S\\X^EVE||19660606|F'))],
      1,
    );
    assert.equal(field(ack ?? '', 'MSA', 1), 'AA');
    // One family name (the escaped | and ^ did not split it), the given name where it was sent.
    const eve = await patient('HOSPA', 'E1');
    const name = (eve.name as { family: string; given: string[] }[])[0];
    assert.equal(name?.family, 'O Brien X');
    assert.deepEqual(name?.given, ['Eve']);
  });

  it('ends consistent when two updates of one record arrive on two connections at once', async () => {
    const [created] = await mllpSend(port, [
      adt('A04', 'RACE-0', 'PID|||R1^^^HOSPA^MR||RACE^RUTH||19750505|F'),
    ]);
    assert.equal(field(created ?? '', 'MSA', 1), 'AA');
    const [one, two] = await Promise.all([
      MllpClient.connect('127.0.0.1', port),
      MllpClient.connect('127.0.0.1', port),
    ]);
    const stored = async (): Promise<{ line: string; phone: string; given: string }> => {
      const res = await db.query(
        `select r.demographics->>'addressLine' as line, r.demographics->>'givenName' as given,
                p.golden, p.packed
           from source_record r join record_link l on l.record_id = r.id
           join person p on p.id = l.person_id
          where r.source = 'HOSPA' and r.demographics->>'familyName' = 'race'`,
      );
      const row = res.rows[0] as {
        line: string;
        given: string;
        golden: StoredGolden | null;
        packed: Buffer | null;
      };
      // The person's golden record follows the stored record (its only one).
      const golden = unpackGolden(row.packed, row.golden);
      assert.match(JSON.stringify(golden.addressLine ?? null), new RegExp(row.line ?? 'null', 'i'));
      assert.match(JSON.stringify(golden.givenName ?? null), new RegExp(row.given, 'i'));
      const ruth = await patient('HOSPA', 'R1');
      const telecom = (ruth.telecom as { value: string }[] | undefined) ?? [];
      return { line: row.line, phone: telecom[0]?.value ?? '', given: row.given };
    };
    try {
      for (let round = 1; round <= 6; round++) {
        // One sets the address, the other the phone: both changes must survive.
        const acks = await Promise.all([
          one.send(
            adt(
              'A08',
              `RACE-${round}-A`,
              `PID|||R1^^^HOSPA^MR||RACE^RUTH||||||${round} ELM ST^^SALEM^OR^97301`,
            ),
          ),
          two.send(
            adt(
              'A08',
              `RACE-${round}-B`,
              `PID|||R1^^^HOSPA^MR||RACE^RUTH||||||||^PRN^PH^^^503^555010${round}`,
            ),
          ),
        ]);
        assert.deepEqual(
          acks.map((a) => field(a, 'MSA', 1)),
          ['AA', 'AA'],
        );
        const now = await stored();
        assert.match(now.line, new RegExp(`^${round} elm`, 'i'));
        assert.match(now.phone.replace(/\D/g, ''), new RegExp(`555010${round}$`));
      }
      // Both set the given name: one of them wins, and record and golden record agree on it.
      await Promise.all([
        one.send(adt('A08', 'RACE-N-A', 'PID|||R1^^^HOSPA^MR||RACE^RHODA')),
        two.send(adt('A08', 'RACE-N-B', 'PID|||R1^^^HOSPA^MR||RACE^ROSA')),
      ]);
      assert.match((await stored()).given, /^(rhoda|rosa)$/);
    } finally {
      one.close();
      two.close();
    }
  });

  it('links two records with A24 and unlinks them with A37 (ITI-30 Link/Unlink); an unknown one is AE 204', async () => {
    const twoPids = (event: string, control: string, second: string): string =>
      hl7(`
        MSH|^~\\&|REG|HOSPA|MPI|MPI|20261206120000||ADT^${event}^ADT_A24|${control}|P|2.5
        EVN|${event}|20261206120000
        PID|||L1^^^HOSPA^MR||LINK^LEA||19600101|F
        PID|||${second}^^^HOSPA^MR||KNOT^KAI||19990909|M
      `);
    const personOf = async (id: string): Promise<string> => {
      const res = await db.query(
        `select l.person_id from source_record r join record_link l on l.record_id = r.id
          where r.source = 'HOSPA' and r.demographics->>'familyName' = $1`,
        [id],
      );
      return (res.rows[0] as { person_id: string }).person_id;
    };
    const acks = await mllpSend(port, [
      adt('A04', 'L-1', 'PID|||L1^^^HOSPA^MR||LINK^LEA||19600101|F'),
      adt('A04', 'L-2', 'PID|||L2^^^HOSPA^MR||KNOT^KAI||19990909|M'),
    ]);
    assert.deepEqual(
      acks.map((a) => field(a, 'MSA', 1)),
      ['AA', 'AA'],
    );
    assert.notEqual(await personOf('link'), await personOf('knot'));
    const [linked] = await mllpSend(port, [twoPids('A24', 'L-3', 'L2')]);
    assert.equal(field(linked ?? '', 'MSA', 1), 'AA');
    assert.equal(await personOf('knot'), await personOf('link'));
    const [unlinked] = await mllpSend(port, [twoPids('A37', 'L-4', 'L2')]);
    assert.equal(field(unlinked ?? '', 'MSA', 1), 'AA');
    assert.notEqual(await personOf('knot'), await personOf('link'));
    // The source's word holds: a later update of either record does not join them again.
    assert.equal(
      await count(
        `select count(*) n from hard_no h join source_record a on a.id in (h.record_a, h.record_b)
          where a.demographics->>'familyName' = 'knot'`,
      ),
      1,
    );
    const [unknown] = await mllpSend(port, [twoPids('A24', 'L-5', 'NOBODY')]);
    assert.equal(field(unknown ?? '', 'MSA', 1), 'AE');
    assert.equal(field(unknown ?? '', 'ERR', 2), 'PID^2^3^1^1');
    assert.equal(field(unknown ?? '', 'ERR', 3), '204^Unknown key identifier^HL70357');
  });

  it("keeps the source's event time (EVN-2) and lets the newest event, not the last delivered, give the address", async () => {
    const person = (control: string, id: string, authority: string, when: string, street: string) =>
      hl7(`
        MSH|^~\\&|REG|HOSPA|MPI|MPI|20261206120000||ADT^A04^ADT_A01|${control}|P|2.5
        EVN|A04|${when}
        PID|||${id}^^^${authority}^MR||EVENT^EVAN^Q||19770707|M|||${street}^^DENVER^CO^80202||^PRN^PH^^^303^5550177|||||||523-45-6789
        PV1||N
      `);
    const acks = await mllpSend(port, [
      person('EV-1', 'EV1', 'HOSPA', '20261205100000', '1 NEW RD'),
      // Delivered later, but the registration it reports happened years earlier.
      person('EV-2', 'EV2', 'HOSPB&1.2.3.4.5&ISO', '20200101100000+0200', '9 OLD RD'),
    ]);
    assert.deepEqual(
      acks.map((a) => field(a, 'MSA', 1)),
      ['AA', 'AA'],
    );
    const res = await db.query(
      `select r.source, r.event_at, l.person_id, p.golden, p.packed
         from source_record r join record_link l on l.record_id = r.id join person p on p.id = l.person_id
        where r.demographics->>'familyName' = 'event' order by r.source`,
    );
    const rows = res.rows as {
      source: string;
      event_at: Date;
      person_id: string;
      golden: StoredGolden | null;
      packed: Buffer | null;
    }[];
    assert.deepEqual(
      rows.map((r) => [r.source, r.event_at.toISOString()]),
      [
        ['HOSPA', '2026-12-05T10:00:00.000Z'],
        ['HOSPB', '2020-01-01T08:00:00.000Z'],
      ],
    );
    assert.equal(rows[0]?.person_id, rows[1]?.person_id, 'the two registrations are one person');
    assert.match(
      String(unpackGolden(rows[0]?.packed ?? null, rows[0]?.golden ?? null).addressLine?.value),
      /1 new rd/i,
    );
  });
});
