import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MpiError } from '../../src/common/mpi-error';
import { PersonRepository } from '../../src/linkage/person.repository';
import { StewardActionsService } from '../../src/linkage/steward-actions.service';
import { RecordMergeService } from '../../src/records/record-merge.service';
import { ReviewService } from '../../src/review/review.service';
import { Services, actor, newPerson, newRecord, startServices } from '../support/service-context';
import { HATTIE_AT_CLINIC } from '../support/probable-pair';

/** One woman twice, as the clinic's probable match: nickname, one birth-date digit off. */
const HOSPITAL = {
  source: 'hospital',
  given_name: 'Harriet',
  family_name: 'Quennell',
  birth_date: '1971-04-09',
  sex: 'female',
  postal_code: '02139',
};

describe('ReviewService.decide against PostgreSQL', () => {
  let s: Services;
  let reviews: ReviewService;

  before(async () => {
    s = await startServices('review_decide');
    reviews = s.get(ReviewService);
  });
  after(() => s.close());

  /** A fresh probable-match task: each test makes its own family, so order does not matter. */
  async function openTask(family: {
    name: string;
    phone: string;
    street: string;
    year: string;
  }): Promise<{ taskId: string; recordId: string }> {
    const own = {
      family_name: family.name,
      birth_date: `${family.year}-04-09`,
      address_line: `12 ${family.street} Lane`,
    };
    await newPerson(s, { ...HOSPITAL, ...own, phone: family.phone });
    const clinic = await newRecord(s, {
      ...HATTIE_AT_CLINIC,
      family_name: family.name,
      birth_date: `${family.year}-04-19`,
    });
    assert.ok(clinic.reviews >= 1, 'precondition: the clinic record is sent to review');
    const [task] = await s.rows<{ id: string }>(
      `select id from review_task where record_id = $1 and kind = 'possible-match' and status = 'open'`,
      [clinic.recordId],
    );
    assert.ok(task, 'precondition: a possible-match task is open');
    return { taskId: task.id, recordId: clinic.recordId };
  }

  it('two stewards deciding one task at once: exactly one decision applies', async () => {
    const { taskId, recordId } = await openTask({
      name: 'Quennell',
      phone: '617-555-0101',
      street: 'Birch',
      year: '1971',
    });
    const results = await Promise.allSettled([
      reviews.decide(taskId, 'link', 'first', actor('steward-a', 'steward')),
      reviews.decide(taskId, 'link', 'second', actor('steward-b', 'steward')),
    ]);
    const applied = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    assert.equal(applied.length, 1);
    assert.equal(refused.length, 1);
    const reason: unknown = refused[0]?.status === 'rejected' ? refused[0].reason : undefined;
    assert.ok(reason instanceof MpiError && reason.code === 'conflict');

    const links = await s.rows(
      `select id from link_event where record_id = $1 and kind = 'manual-link'`,
      [recordId],
    );
    assert.equal(links.length, 1, 'one manual link event');
    const audits = await s.rows(
      `select seq from audit_event where action = 'link.manual' and actor in ('steward-a', 'steward-b')`,
    );
    assert.equal(audits.length, 1, 'one audited link');
    const [task] = await s.rows<{ status: string; decided_by: string }>(
      `select status, decided_by from review_task where id = $1`,
      [taskId],
    );
    assert.equal(task?.status, 'decided');
  });

  it('a link and a not-a-match racing on one task: only one of them is written', async () => {
    const { taskId, recordId } = await openTask({
      name: 'Abernathy',
      phone: '508-555-0142',
      street: 'Cedar',
      year: '1965',
    });
    const results = await Promise.allSettled([
      reviews.decide(taskId, 'link', null, actor('steward-c', 'steward')),
      reviews.decide(taskId, 'not-a-match', null, actor('steward-d', 'steward')),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const [task] = await s.rows<{ decision: string }>(
      `select decision from review_task where id = $1`,
      [taskId],
    );
    const linked = await s.rows(
      `select id from link_event where record_id = $1 and kind = 'manual-link'`,
      [recordId],
    );
    const hardNo = await s.rows(
      `select record_a from hard_no where record_a = $1 or record_b = $1`,
      [recordId],
    );
    if (task?.decision === 'link') {
      assert.equal(linked.length, 1);
      assert.equal(hardNo.length, 0, 'the losing not-a-match left no hard no');
    } else {
      assert.equal(task?.decision, 'not-a-match');
      assert.equal(linked.length, 0, 'the losing link left no link');
      assert.ok(hardNo.length >= 1);
    }
  });

  it('an action that fails leaves the task open, and nothing of the action written', async () => {
    const { taskId, recordId } = await openTask({
      name: 'Zimmerfeld',
      phone: '413-555-0177',
      street: 'Maple',
      year: '1983',
    });
    const [task] = await s.rows<{ candidate_person_id: string }>(
      `select candidate_person_id from review_task where id = $1`,
      [taskId],
    );
    assert.ok(task);
    const elsewhere = await newPerson(s);
    // The candidate merged away behind the task's back (a steward's merge would re-point it).
    await s.dataSource.transaction((m) =>
      s.get(PersonRepository).setMerged(m, task.candidate_person_id, elsewhere.personId),
    );
    await assert.rejects(
      reviews.decide(taskId, 'link', null, actor('steward-f', 'steward')),
      (e: unknown) => e instanceof MpiError && e.code === 'conflict',
    );
    const [after] = await s.rows<{ status: string }>(
      `select status from review_task where id = $1`,
      [taskId],
    );
    assert.equal(after?.status, 'open');
    const linked = await s.rows(
      `select id from link_event where record_id = $1 and kind = 'manual-link'`,
      [recordId],
    );
    assert.equal(linked.length, 0);
  });

  it("a steward's merge re-points the merged person's open tasks and retires the one it answered", async () => {
    const { taskId } = await openTask({
      name: 'Vandersloot',
      phone: '978-555-0163',
      street: 'Alder',
      year: '1958',
    });
    const taskRow = async () => {
      const [row] = await s.rows<{
        status: string;
        person_id: string;
        candidate_person_id: string;
      }>(`select status, person_id, candidate_person_id from review_task where id = $1`, [taskId]);
      assert.ok(row);
      return row;
    };
    const before = await taskRow();
    const elsewhere = await newPerson(s);
    const actions = s.get(StewardActionsService);
    await actions.mergePersons(
      before.candidate_person_id,
      elsewhere.personId,
      actor('steward-g'),
      null,
    );
    const moved = await taskRow();
    assert.deepEqual(moved, { ...before, candidate_person_id: elsewhere.personId });

    await actions.mergePersons(before.person_id, elsewhere.personId, actor('steward-g'), null);
    assert.equal((await taskRow()).status, 'obsolete', 'its two sides are one person now');
  });

  it("a source's merge of two records (HL7 A40) re-points the merged person's open tasks", async () => {
    const home = {
      family_name: 'Throckmorton',
      address_line: '7 Cedar Lane',
      postal_code: '01002',
    };
    const hospital = await newPerson(s, {
      ...HOSPITAL,
      ...home,
      source_id: 'H-A40-1',
      birth_date: '1966-04-09',
    });
    const clinic = await newRecord(s, { ...HATTIE_AT_CLINIC, ...home, birth_date: '1966-04-19' });
    const [open] = await s.rows<{ id: string }>(
      `select id from review_task where record_id = $1 and candidate_person_id = $2 and status = 'open'`,
      [clinic.recordId, hospital.personId],
    );
    assert.ok(open, 'precondition: a task proposes the hospital person');
    const survivor = await newPerson(s, { source: 'hospital', source_id: 'H-A40-2' });
    await s
      .get(RecordMergeService)
      .merge(
        { source: 'hospital', sourceId: 'H-A40-1' },
        { source: 'hospital', sourceId: 'H-A40-2' },
        actor('hl7-feed'),
      );
    const [after] = await s.rows<{ status: string; candidate_person_id: string }>(
      `select status, candidate_person_id from review_task where id = $1`,
      [open.id],
    );
    assert.deepEqual(after, { status: 'open', candidate_person_id: survivor.personId });
  });

  it('deciding a merge task merges the two persons and records the decision', async () => {
    const { taskId } = await openTask({
      name: 'Oyelaran',
      phone: '781-555-0119',
      street: 'Hazel',
      year: '1977',
    });
    const decided = await reviews.decide(taskId, 'merge', null, actor('steward-h', 'steward'));
    assert.equal(decided.status, 'decided');
    assert.equal(decided.decision, 'merge');
    const [task] = await s.rows<{ status: string }>(
      `select status from review_task where id = $1`,
      [taskId],
    );
    assert.equal(task?.status, 'decided', 'the merge did not retire the task it decided');
  });
});
