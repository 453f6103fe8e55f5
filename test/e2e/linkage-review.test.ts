import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { HARRIET_AT_HOSPITAL, HATTIE_AT_CLINIC } from '../support/probable-pair';
import { TestApp, startTestApp } from '../support/test-app';

const harriet = { ...HARRIET_AT_HOSPITAL, source_id: 'H-1' };
/** Same woman registered at a clinic: nickname, one birth-date digit off, another street. */
const hattie = { ...HATTIE_AT_CLINIC, source_id: 'C-7' };

describe('linkage, review tasks, steward actions and undo', () => {
  let t: TestApp;
  let ingest: string;
  let steward: string;

  before(async () => {
    t = await startTestApp('linkage_review');
    // The ingest answer names the person and the link only to a caller that may read patients.
    ingest = await t.token('admin');
    steward = await t.token('steward');
  });
  after(() => t.close());

  const api = (token: string) => ({
    get: (path: string) => request(t.baseUrl).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) =>
      request(t.baseUrl).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  const send = async (...records: object[]) =>
    (await api(ingest).post('/api/records', { records }).expect(200)).body.outcomes;

  it('links a certain match automatically and builds the golden record with provenance', async () => {
    const [first] = await send(harriet);
    const [second] = await send({
      ...harriet,
      source: 'lab',
      source_id: 'L-3',
      phone: undefined,
      address_line: '12 Birch Ln',
    });
    assert.equal(first.link, 'own-person');
    assert.equal(second.link, 'auto');
    assert.equal(second.personId, first.personId);
    const person = (await api(steward).get(`/api/persons/${first.personId}`).expect(200)).body;
    assert.equal(person.records.length, 2);
    // The name as registered, and why it won; the address from the newest registration, whole.
    assert.equal(person.golden.familyName.value, 'Quennell');
    assert.equal(person.golden.familyName.reason, 'all 2 registrations agree');
    assert.equal(person.golden.addressLine.recordId, second.recordId);
    assert.equal(person.golden.postalCode.recordId, second.recordId);
    assert.ok(
      ['only-value', 'source-trust', 'most-frequent', 'most-complete', 'most-recent'].includes(
        person.golden.familyName.strategy,
      ),
    );
    assert.ok(
      person.records.some(
        (r: { recordId: string }) => r.recordId === person.golden.birthDate.recordId,
      ),
    );
  });

  it('sends a probable match to review, with both sides and the explanation, and a link decision joins them', async () => {
    // A woman of this case's own: registered twice, then as the clinic's probable match.
    const own = { family_name: 'Pellingham', birth_date: '1973-04-09' };
    const hers = {
      ...harriet,
      ...own,
      source_id: 'H-2',
      phone: '617-555-0177',
      address_line: '12 Larch Lane',
    };
    const clinic = { ...hattie, ...own, source_id: 'C-8', birth_date: '1973-04-19' };
    await send(hers, {
      ...hers,
      source: 'lab',
      source_id: 'L-4',
      phone: undefined,
      address_line: '12 Larch Ln',
    });
    const cmp = await api(await t.token('match'))
      .post('/api/compare', { a: hers, b: clinic })
      .expect(200);
    assert.equal(cmp.body.class, 'probable', 'precondition: the clinic record is a probable match');
    const [outcome] = await send(clinic);
    assert.equal(outcome.link, 'own-person');
    assert.ok(outcome.reviews >= 1);
    const list = (await api(steward).get('/api/reviews?kind=possible-match').expect(200)).body;
    const task = list.tasks.find((x: { record_id: string }) => x.record_id === outcome.recordId);
    assert.ok(task, 'the review task is in the queue');
    const detail = (await api(steward).get(`/api/reviews/${task.id}`).expect(200)).body;
    assert.equal(detail.record.demographics.givenName, 'hattie');
    assert.equal(detail.candidate.records.length, 2);
    const waterfall = detail.task.explanation;
    const sum =
      waterfall.prior.weight +
      waterfall.comparisons.reduce((s: number, c: { weight: number }) => s + c.weight, 0);
    assert.ok(Math.abs(sum - waterfall.totalWeight) < 1e-9, 'the explanation adds up');
    const counts = (await api(steward).get('/api/reviews/counts').expect(200)).body;
    assert.ok(counts.byKind['possible-match'] >= 1);

    await api(steward)
      .post(`/api/reviews/${task.id}/decision`, {
        decision: 'link',
        reason: 'same patient, nickname',
      })
      .expect(200);
    await api(steward).post(`/api/reviews/${task.id}/decision`, { decision: 'link' }).expect(409);
    const person = (await api(steward).get(`/api/persons/${task.candidate_person_id}`).expect(200))
      .body;
    assert.equal(person.records.length, 3);
    const linked = person.records.find(
      (r: { recordId: string }) => r.recordId === outcome.recordId,
    );
    assert.equal(linked.linkKind, 'manual');

    // Manual links never move by themselves: an update of the record keeps it where the steward put it.
    const [update] = await send({
      ...clinic,
      address_line: '77 Far Away Blvd',
      postal_code: '99501',
    });
    assert.equal(update.link, 'manual');
    assert.equal(update.personId, task.candidate_person_id);

    // Undo the steward's link: the record goes back; undoing twice is a conflict.
    const history = (
      await api(steward).get(`/api/persons/${task.candidate_person_id}/history`).expect(200)
    ).body;
    const manual = history.find(
      (e: { kind: string; record_id: string }) =>
        e.kind === 'manual-link' && e.record_id === outcome.recordId,
    );
    await api(steward).post(`/api/events/${manual.id}/undo`, { reason: 'wrong click' }).expect(200);
    await api(steward).post(`/api/events/${manual.id}/undo`).expect(409);
    const after = (await api(steward).get(`/api/persons/${task.candidate_person_id}`).expect(200))
      .body;
    assert.equal(after.records.length, 2);
  });

  it('merges two persons (the loser then points to the survivor), refuses a self-merge, and undoes the merge', async () => {
    const [a] = await send({
      ...harriet,
      source: 'payer',
      source_id: 'P-1',
      given_name: 'Oswin',
      family_name: 'Threlkeld',
      birth_date: '1950-01-01',
      phone: undefined,
    });
    const [b] = await send({
      ...harriet,
      source: 'pharmacy',
      source_id: 'X-9',
      given_name: 'Mabel',
      family_name: 'Ashdown',
      birth_date: '1962-06-30',
      phone: undefined,
      address_line: '3 Pier Rd',
      postal_code: '04101',
    });
    assert.notEqual(a.personId, b.personId);
    await api(steward).post(`/api/persons/${a.personId}/merge`, { into: a.personId }).expect(400);
    const merged = (
      await api(steward)
        .post(`/api/persons/${b.personId}/merge`, { into: a.personId, reason: 'test' })
        .expect(200)
    ).body;
    const loser = (await api(steward).get(`/api/persons/${b.personId}`).expect(200)).body;
    assert.equal(loser.status, 'merged');
    assert.equal(loser.mergedInto, a.personId);
    await api(steward).post(`/api/persons/${b.personId}/merge`, { into: a.personId }).expect(409);
    await api(steward).post(`/api/events/${merged.eventId}/undo`).expect(200);
    const restored = (await api(steward).get(`/api/persons/${b.personId}`).expect(200)).body;
    assert.equal(restored.status, 'active');
    assert.equal(restored.records.length, 1);
  });

  it('remembers "not a match" for ever: the pair is never linked automatically again', async () => {
    const [a] = await send({
      source: 'hospital',
      source_id: 'NM-1',
      given_name: 'Ivo',
      family_name: 'Pettigrew',
      birth_date: '1988-08-08',
      sex: 'male',
      postal_code: '30301',
    });
    const [b] = await send({
      source: 'clinic',
      source_id: 'NM-2',
      given_name: 'Ivo',
      family_name: 'Pettigrew',
      birth_date: '1988-08-08',
      sex: 'male',
      postal_code: '30301',
    });
    assert.equal(b.personId, a.personId, 'precondition: linked automatically');
    await api(steward)
      .post(`/api/persons/${a.personId}/pins`, { field: 'givenName', value: 'ivo-pinned' })
      .expect(200);
    assert.equal(
      (await api(steward).get(`/api/persons/${a.personId}`).expect(200)).body.golden.givenName
        .strategy,
      'pinned',
    );
    const declared = await api(steward)
      .post(`/api/records/${b.recordId}/not-a-match`, {
        personId: a.personId,
        reason: 'different men',
      })
      .expect(200);
    assert.ok(declared.body.eventId > 0);
    const afterDecision = (await api(steward).get(`/api/persons/${a.personId}`).expect(200)).body;
    assert.equal(afterDecision.records.length, 1);
    // An update of the record is matched again, but never back into the refused person.
    const [again] = await send({
      source: 'clinic',
      source_id: 'NM-2',
      given_name: 'Ivo',
      family_name: 'Pettigrew',
      birth_date: '1988-08-08',
      sex: 'male',
      postal_code: '30302',
    });
    assert.notEqual(again.personId, a.personId);
    // Unlink works the same way for a record a steward wants out.
    const [c] = await send({
      source: 'lab',
      source_id: 'NM-3',
      given_name: 'Ivo',
      family_name: 'Pettigrew',
      birth_date: '1988-08-08',
      sex: 'male',
      postal_code: '30301',
    });
    assert.equal(c.personId, a.personId);
    await api(steward).post(`/api/records/${c.recordId}/unlink`, { reason: 'check' }).expect(200);
    assert.equal(
      (await api(steward).get(`/api/persons/${a.personId}`).expect(200)).body.records.length,
      1,
    );
  });

  it('shows a golden record as it stood at a past time', async () => {
    const [a] = await send({
      source: 'hospital',
      source_id: 'AS-1',
      given_name: 'Petra',
      family_name: 'Vance',
      birth_date: '1999-09-09',
      postal_code: '10001',
    });
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await api(steward)
      .post(`/api/persons/${a.personId}/pins`, { field: 'familyName', value: 'vance-smith' })
      .expect(200);
    await send({
      source: 'hospital',
      source_id: 'AS-1',
      given_name: 'Petra',
      family_name: 'Vance',
      birth_date: '1999-09-09',
      postal_code: '10002',
    });
    const past = (
      await api(steward)
        .get(`/api/persons/${a.personId}/as-of?at=${encodeURIComponent(before)}`)
        .expect(200)
    ).body;
    assert.equal(past.golden.familyName.value, 'Vance');
    assert.equal(past.golden.postalCode.value, '10001');
    const now = (await api(steward).get(`/api/persons/${a.personId}`).expect(200)).body;
    assert.equal(now.golden.familyName.value, 'vance-smith');
  });

  it('keeps twins apart and flags a same-source duplicate for review', async () => {
    const twin1 = {
      source: 'hospital',
      source_id: 'T-1',
      given_name: 'Castor',
      family_name: 'Delacroix',
      birth_date: '2010-05-05',
      sex: 'male',
      address_line: '5 Gemini Way',
      postal_code: '73301',
      multiple_birth: '1',
    };
    const twin2 = { ...twin1, source_id: 'T-2', given_name: 'Pollux', multiple_birth: '2' };
    const [one, two] = await send(twin1, twin2);
    assert.notEqual(one.personId, two.personId);
    const [dup] = await send({ ...twin1, source_id: 'T-1-DUP' });
    assert.equal(dup.personId, one.personId);
    const list = (await api(steward).get('/api/reviews?kind=same-source-duplicate').expect(200))
      .body;
    assert.ok(list.tasks.some((x: { record_id: string }) => x.record_id === dup.recordId));
  });

  it('refuses bad review input: unknown task 404, bad id 400, unknown decision 400, wrong role 403', async () => {
    await api(steward).get('/api/reviews/00000000-0000-4000-8000-000000000000').expect(404);
    await api(steward).get('/api/reviews/not-a-uuid').expect(400);
    // An open task of this case's own: a second registration of one man at one source.
    const man = {
      source: 'hospital',
      source_id: 'BI-1',
      given_name: 'Leopold',
      family_name: 'Marchbanks',
      birth_date: '1966-02-17',
      sex: 'male',
      postal_code: '60614',
    };
    await send(man);
    const [dup] = await send({ ...man, source_id: 'BI-1-DUP' });
    const list = (await api(steward).get('/api/reviews?kind=same-source-duplicate').expect(200))
      .body;
    const task = list.tasks.find((x: { record_id: string }) => x.record_id === dup.recordId);
    assert.ok(task, 'precondition: the duplicate is a task');
    await api(steward).post(`/api/reviews/${task.id}/decision`, { decision: 'maybe' }).expect(400);
    await api(await t.token('ingest'))
      .get('/api/reviews')
      .expect(403);
    await api(steward).post('/api/events/999999/undo').expect(404);
  });
});
