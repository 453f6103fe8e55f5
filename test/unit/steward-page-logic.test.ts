import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TaskDetail } from '../../web/steward/api-types';
import { availableDecisions, canUndo, eventLabel } from '../../web/steward/decisions';
import {
  agreementOf,
  compareFields,
  editDistance,
  sidesOf,
} from '../../web/steward/field-comparison';
import {
  formatAge,
  formatChance,
  formatPercent,
  formatWeight,
  taskLabel,
} from '../../web/steward/format';
import { nextIndex } from '../../web/steward/list-navigation';
import { DEFAULT_FILTERS, filtersFromForm, queueSearchParams } from '../../web/steward/queue-query';
import { parseRoute, routeHash } from '../../web/steward/routes';

const ID = '0b9f4f3e-6a52-4d6c-9d59-3a1f3c3f2b10';
const OTHER = '5d3c1c1e-2f0a-4b7e-8e43-7f7e2a9d1c22';

describe('field agreement', () => {
  const cases: [string | null, string | null, string][] = [
    ['Alice', 'alice', 'same'],
    ['José', 'Jose', 'same'],
    ["O'Brien", 'OBrien', 'close'],
    ['12 Harbor St', '12 harbor st.', 'same'],
    ['1984-03-12', '1984-03-21', 'close'],
    ['Alice', 'Robert', 'differs'],
    [null, 'Boston', 'missing'],
    ['', 'Boston', 'missing'],
  ];
  for (const [a, b, expected] of cases) {
    it(`${String(a)} vs ${String(b)} is ${expected}`, () =>
      assert.equal(agreementOf(a, b), expected));
  }

  it('computes Levenshtein distances', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });
});

describe('sides of a task', () => {
  const person = (id: string, golden: Record<string, string>) => ({
    id,
    status: 'active' as const,
    mergedInto: null,
    version: 1,
    updatedAt: '2024-01-01T00:00:00Z',
    golden: Object.fromEntries(
      Object.entries(golden).map(([k, v]) => [
        k,
        { value: v, recordId: null, source: 's', strategy: 'only-value' },
      ]),
    ),
    pins: {},
    records: [],
  });
  const detail = (kind: string): TaskDetail => ({
    task: {
      id: ID,
      kind,
      status: 'open',
      record_id: ID,
      person_id: ID,
      candidate_person_id: OTHER,
      source: 'clinic',
      probability: 0.9,
      weight: 3,
      assignee: null,
      created_at: '',
      decided_at: null,
      decided_by: null,
      decision: null,
      reason: null,
      explanation: null,
    },
    record: {
      recordId: ID,
      source: 'clinic',
      changedAt: '',
      demographics: { givenName: 'Bob', familyName: 'Smith', birthDate: '1980-01-01', city: null },
    },
    person: person(ID, { givenName: 'Bob', familyName: 'Smith' }),
    candidate: person(OTHER, {
      givenName: 'Robert',
      familyName: 'Smith',
      birthDate: '1980-01-01',
      city: 'Boston',
    }),
  });

  it('puts the record against the candidate golden record, one row per field present on a side', () => {
    const sides = sidesOf(detail('possible-match'));
    assert.equal(sides.leftTitle, 'Record from clinic');
    const rows = compareFields(sides, [
      {
        id: 'given_name',
        label: 'Given name',
        levelId: 'nickname',
        levelLabel: 'nickname',
        values: [null, null],
        m: 0.1,
        u: 0.01,
        tfWeight: null,
        weight: 3.3,
      },
    ]);
    assert.deepEqual(
      rows.map((r) => [r.field, r.agreement]),
      [
        ['givenName', 'close'],
        ['familyName', 'same'],
        ['birthDate', 'same'],
        ['city', 'missing'],
      ],
    );
    assert.equal(rows[0]?.engine?.levelLabel, 'nickname');
    const unaided = compareFields(sides);
    assert.equal(unaided[0]?.agreement, 'differs', 'without the engine Bob and Robert differ');
  });

  it('puts person against person for a merge task', () => {
    const sides = sidesOf(detail('merge-persons'));
    assert.equal(sides.leftTitle, 'This person');
    assert.equal(sides.left.givenName, 'Bob');
    assert.equal(sides.right.givenName, 'Robert');
  });
});

describe('decisions and undo', () => {
  const task = { status: 'open', record_id: ID, person_id: ID, candidate_person_id: OTHER };
  it('offers link, merge, not a match and keep separate only where they can succeed', () => {
    assert.deepEqual(availableDecisions(task), ['link', 'merge', 'not-a-match', 'keep-separate']);
    assert.deepEqual(availableDecisions({ ...task, candidate_person_id: ID }), [
      'not-a-match',
      'keep-separate',
    ]);
    assert.deepEqual(availableDecisions({ ...task, candidate_person_id: null }), ['keep-separate']);
    assert.deepEqual(availableDecisions({ ...task, status: 'decided' }), []);
  });
  it('lets a steward undo each undoable event once', () => {
    assert.equal(canUndo({ kind: 'manual-link', undone_by: null }), true);
    assert.equal(canUndo({ kind: 'manual-link', undone_by: '7' }), false);
    assert.equal(canUndo({ kind: 'undo', undone_by: null }), false);
    assert.equal(canUndo({ kind: 'new-person', undone_by: null, from_person_id: null }), false);
    assert.equal(canUndo({ kind: 'new-person', undone_by: null, from_person_id: 'p1' }), true);
    assert.equal(canUndo({ kind: 'auto-merge', undone_by: null }), true, 'the linker’s fold');
  });
  it('names the linker’s fold apart from a steward’s merge', () => {
    assert.equal(eventLabel('auto-merge'), 'Merged automatically');
    assert.equal(eventLabel('merge'), 'Merged');
  });
});

describe('keyboard movement', () => {
  it('moves with j/k and the arrows, clamps at the ends, jumps with Home and End', () => {
    assert.equal(nextIndex(-1, 'j', 3), 0);
    assert.equal(nextIndex(-1, 'k', 3), 2);
    assert.equal(nextIndex(0, 'ArrowDown', 3), 1);
    assert.equal(nextIndex(2, 'j', 3), 2);
    assert.equal(nextIndex(0, 'ArrowUp', 3), 0);
    assert.equal(nextIndex(1, 'Home', 3), 0);
    assert.equal(nextIndex(0, 'End', 3), 2);
    assert.equal(nextIndex(0, 'x', 3), null);
    assert.equal(nextIndex(-1, 'j', 0), null);
  });
});

describe('routes and queue query', () => {
  it('parses routes and ignores in-page anchors', () => {
    assert.deepEqual(parseRoute(''), { view: 'queue' });
    assert.deepEqual(parseRoute(`#/task/${ID.toUpperCase()}`), { view: 'task', id: ID });
    assert.deepEqual(parseRoute(`#/person/${OTHER}`), { view: 'person', id: OTHER });
    assert.deepEqual(parseRoute('#/task/not-a-uuid'), { view: 'queue' });
    assert.equal(parseRoute('#main'), null);
    assert.equal(routeHash({ view: 'task', id: ID }), `#/task/${ID}`);
  });

  it('turns the form into API parameters, percentages into probabilities, dropping bad values', () => {
    const f = filtersFromForm({
      status: 'open',
      kind: 'merge-persons',
      source: ' lab ',
      minScorePct: '80',
      maxScorePct: '140',
      minAgeHours: '2.7',
      sort: '-probability',
      pageSize: '10',
    });
    assert.equal(
      queueSearchParams(f),
      'status=open&kind=merge-persons&source=lab&minScore=0.8&minAgeHours=2&sort=-probability&page=1&pageSize=10',
    );
    const junk = filtersFromForm({ status: 'x', kind: 'y', sort: 'z', pageSize: '7' });
    assert.deepEqual(junk, DEFAULT_FILTERS);
  });
});

describe('formats', () => {
  it('formats scores, weights and ages', () => {
    assert.equal(formatPercent(0.9043), '90.4%');
    assert.equal(formatPercent(0.99991), '99.99%');
    assert.equal(formatPercent(null), '\u2014');
    assert.equal(formatWeight(-2.5), '\u22122.50');
    assert.equal(formatChance(0.00002), '1 in 50,000');
    assert.equal(formatChance(0.25), '25.0%');
    assert.equal(formatWeight(3), '+3.00');
    const now = Date.parse('2024-05-10T12:00:00Z');
    assert.equal(formatAge('2024-05-10T11:30:00Z', now), '30 min');
    assert.equal(formatAge('2024-05-09T12:00:00Z', now), '24 h');
    assert.equal(formatAge('2024-05-01T12:00:00Z', now), '9 d');
  });

  it('labels a task with why it was opened, when that says more than its kind', () => {
    assert.equal(
      taskLabel({ kind: 'possible-match', reason_code: 'possible-twin' }),
      'Possible match (possible twin)',
    );
    assert.equal(taskLabel({ kind: 'ambiguous', reason_code: 'ambiguous' }), 'Ambiguous');
    assert.equal(taskLabel({ kind: 'weak-chain' }), 'Weak chain');
  });
});
