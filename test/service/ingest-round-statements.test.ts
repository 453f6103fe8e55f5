import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuditService } from '../../src/audit/audit.service';
import { verifyAuditChain } from '../../src/audit/audit-verifier';
import { SECRETS } from '../../src/config/config.module';
import { Hl7MessageService } from '../../src/hl7/hl7-message.service';
import { Secrets } from '../../src/config/key-material';
import {
  Services,
  actor,
  newPerson,
  newRecord,
  startServices,
  SAMPLE_MAN,
} from '../support/service-context';
import { HARRIET_AT_HOSPITAL, HATTIE_AT_CLINIC } from '../support/probable-pair';
import { SentStatement, countStatements } from '../support/statement-counter';
import { registration } from '../support/mllp';

/**
 * How many statements one ingest round sends: each is a round trip, and under load the round
 * trips, not the work, are what a round waits on (docs/performance.md, "The live path"). The
 * budgets below are the counts this code sends; a change that adds one should say why.
 */
/**
 * Each round: transaction, locks with the records as stored, the write of those changed and
 * the linker's state for them (lock_and_write_records), the links' write (with the locked
 * persons' members: lock_persons_with_members), the last write with the audit entry, commit.
 * Before the merges: 16, 19, 18 and 17; before the members went in the links' write, 8 when it
 * linked to a stored person or updated a linked record; before the records' write joined the
 * locks, 7; before the state read joined them, 6.
 */
const BUDGET = { ownPerson: 5, links: 5, review: 5, update: 5 };
/**
 * An HL7 feed message adds one read to its round (its record as stored and its control id, in
 * one statement) and nothing after it: its stored ACK and its audit entry are in the round's
 * last statement. Before: a control id read, the record read, the round, then the ACK's
 * insert and the audit entry's append, each committed on its own; then the two reads side by
 * side, each a statement. Its round's START TRANSACTION goes out beside the read, not after it
 * (EarlyTransaction): of the round's statements, one fewer waits on the one before.
 */
const HL7_READS = 1;

function show(label: string, statements: SentStatement[]): void {
  const lines = statements.map((s, i) => `  ${i + 1}. ${s.ms.toFixed(2)} ms  ${s.sql}`);
  console.log(`${label}: ${statements.length} statements\n${lines.join('\n')}`);
}

describe('the statements of one ingest round', () => {
  let s: Services;

  before(async () => {
    s = await startServices('ingest_round_statements');
    // Prepared statements and caches warm, as in a running service.
    await newPerson(s, { source: 'warm', family_name: 'Warmington' });
    await newRecord(s, { source: 'warm2', family_name: 'Warmington' });
  });
  after(() => s.close());

  it('a new record of its own person', async () => {
    const { result, statements } = await countStatements(() =>
      newRecord(s, { ...SAMPLE_MAN, source: 'hospital' }),
    );
    show('new record, own person', statements);
    assert.equal(result.link, 'own-person');
    assert.ok(statements.length <= BUDGET.ownPerson, `${statements.length} statements`);
  });

  it('a new record that links to a person', async () => {
    const { result, statements } = await countStatements(() =>
      newRecord(s, { ...SAMPLE_MAN, source: 'lab', ssn: undefined, address_line: '7 Orchard Rw' }),
    );
    show('new record, links', statements);
    assert.equal(result.link, 'auto');
    assert.ok(statements.length <= BUDGET.links, `${statements.length} statements`);
  });

  it('a new record sent to review', async () => {
    await newPerson(s, HARRIET_AT_HOSPITAL);
    const { result, statements } = await countStatements(() => newRecord(s, HATTIE_AT_CLINIC));
    show('new record, review', statements);
    assert.ok(result.reviews >= 1, 'the clinic record is sent to review');
    assert.ok(statements.length <= BUDGET.review, `${statements.length} statements`);
  });

  it('an update of a linked record', async () => {
    const first = await newPerson(s, { source: 'ward', source_id: 'W-1', family_name: 'Ottoline' });
    const { result, statements } = await countStatements(() =>
      newRecord(s, {
        source: 'ward',
        source_id: 'W-1',
        family_name: 'Ottoline',
        phone: '555-0100',
      }),
    );
    show('update of a linked record', statements);
    assert.equal(result.personId, first.personId);
    assert.ok(statements.length <= BUDGET.update, `${statements.length} statements`);
  });

  it('an HL7 feed message: its round and one read; its ACK and audit entry commit with the round', async () => {
    const messages = s.get(Hl7MessageService);
    const a04 = Buffer.from(registration('ROUND-1', 'H-77', 'Quillfeather^Ottilie'), 'utf8');
    const { result, statements } = await countStatements(() => messages.handle(a04, null));
    show('HL7 ADT^A04, new record of its own person', statements);
    assert.equal(result.code, 'AA');
    assert.equal(statements.length, BUDGET.ownPerson + HL7_READS);
    assert.equal(statements.at(-1)?.sql, 'COMMIT');
    const begin = statements.find((st) => st.sql === 'START TRANSACTION');
    const reads = statements.filter((st) => st.sql.startsWith('with stored_records as'));
    assert.equal(reads.length, HL7_READS);
    for (const read of reads)
      assert.ok(
        (begin?.sentAt ?? Infinity) < read.answeredAt,
        'the round begins while its reads are out',
      );
    const [stored] = await s.rows<{ ack: string }>(
      `select ack from hl7_inbound where control_id = 'ROUND-1'`,
    );
    assert.equal(stored?.ack, result.text);
    const audited = await s.rows<{ actor: string }>(
      `select actor from audit_event where action = 'hl7.message' and outcome = 'success'`,
    );
    assert.equal(audited.length, 1);
    // Sent again: its stored ACK, from the read alone; nothing is written (the round's early
    // START TRANSACTION is rolled back unused).
    const again = await countStatements(() => messages.handle(a04, null));
    assert.equal(again.result.code, 'DUP');
    assert.equal(again.result.text, result.text);
    const written = again.statements.filter(
      (st) => !['START TRANSACTION', 'ROLLBACK'].includes(st.sql),
    );
    assert.equal(written.length, HL7_READS);
  });

  it('an audit tail moved by another writer: the round takes the lock, the chain holds', async () => {
    // Another instance's audit service: it moves the chain's tail behind this one's back.
    const secrets = s.app.get<Pick<Secrets, 'auditKey'>>(SECRETS);
    const other = new AuditService(secrets, s.dataSource);
    await other.record(s.dataSource.manager, actor('other-instance'), {
      action: 'test.other',
      outcome: 'success',
    });
    const { statements } = await countStatements(() =>
      newRecord(s, { source: 'ward', family_name: 'Pemberton-Ashdown' }),
    );
    show('own person, audit tail moved by another instance', statements);
    // The missed swap costs the lock of the tail and the append after it.
    assert.equal(statements.length, BUDGET.ownPerson + 2);
    const next = await countStatements(() =>
      newRecord(s, { source: 'ward', family_name: 'Ravensworth-Lisle' }),
    );
    assert.equal(next.statements.length, BUDGET.ownPerson);
    const report = await verifyAuditChain(s.dataSource, { key: secrets.auditKey });
    assert.equal(report.firstBreak, null);
    assert.equal(report.intact, true);
  });
});
