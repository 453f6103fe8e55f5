import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CategoryRow,
  categoryMetrics,
  indexPopulation,
  PairCategory,
  pairCategories,
  TaggedRecord,
} from '../../src/matching/evaluate/category-metrics';
import { parseTags } from '../../src/matching/evaluate/population-tags';
import { reviewMetrics } from '../../src/matching/evaluate/review-task-metrics';

function record(
  id: string,
  entity: string,
  tags = '',
  source = 'hospital',
  household = 'h1',
): TaggedRecord {
  return { id, entity, source, household, tags: parseTags(tags) };
}

/**
 * A household: twins A and B (A's record r2 carries B's SSN), their father F and his namesake
 * son J (Jr), F's wife W; a stranger S elsewhere. A has two records at the hospital.
 */
const population = [
  record('a1', 'A', 'twin;twin-of:B;child-of:F'),
  record('a2', 'A', 'twin;twin-of:B;child-of:F;id-of:B;same-source', 'hospital'),
  record('b1', 'B', 'twin;twin-of:A;child-of:F', 'clinic'),
  record('f1', 'F', 'parent-of:A;parent-of:B;parent-of:J;generational-of:J;spouse-of:W', 'lab'),
  record('j1', 'J', 'child-of:F;generational-of:F', 'payer'),
  record('w1', 'W', 'spouse-of:F', 'pharmacy'),
  record('s1', 'S', '', 'hospital', 'h2'),
];
const index = indexPopulation(population);
const byId = (id: string) => population.find((r) => r.id === id) as TaggedRecord;

describe('pairCategories', () => {
  const cases: [string, string, PairCategory[]][] = [
    ['a1', 'b1', ['twins']],
    ['a2', 'b1', ['twins', 'shared-identifier']],
    ['f1', 'j1', ['generational']],
    ['f1', 'a1', ['parent-child']],
    ['f1', 'w1', ['spouses']],
    ['a1', 'j1', ['household']],
    ['a1', 's1', ['unrelated', 'same-source']],
    // Two records of one person: what the person is, and same-source when one source sent both.
    ['a1', 'a2', ['twins', 'parent-child', 'household', 'shared-identifier', 'same-source']],
  ];
  for (const [a, b, expected] of cases) {
    it(`${a} / ${b}: ${expected.join(', ')}`, () => {
      assert.deepEqual([...pairCategories(index, byId(a), byId(b))].sort(), [...expected].sort());
    });
  }
});

describe('categoryMetrics', () => {
  const row = (rows: CategoryRow[], category: PairCategory) =>
    rows.find((r) => r.category === category) as CategoryRow;

  it('counts a wrong link under the relationship it crossed, with its overlay', () => {
    // A's records and B's merged into one golden record; everyone else alone.
    const predicted = new Map([
      ['a1', 'p1'],
      ['a2', 'p1'],
      ['b1', 'p1'],
    ]);
    const rows = categoryMetrics(index, predicted);
    assert.deepEqual(row(rows, 'twins'), {
      category: 'twins',
      linkedPairs: 3,
      falsePairs: 2,
      precision: 1 / 3,
      truePairs: 1,
      recall: 1,
      overlays: 1,
    });
    assert.equal(row(rows, 'shared-identifier').falsePairs, 1);
    assert.deepEqual(
      [
        row(rows, 'spouses').linkedPairs,
        row(rows, 'spouses').precision,
        row(rows, 'spouses').recall,
      ],
      [0, 1, 1],
    );
  });

  it('finds nothing wrong and full recall when the truth is predicted', () => {
    const predicted = new Map(population.map((r) => [r.id, `p-${r.entity}`]));
    for (const r of categoryMetrics(index, predicted)) {
      assert.equal(r.falsePairs, 0, r.category);
      assert.equal(r.recall, 1, r.category);
    }
  });

  it('counts a namesake father and son as generational, not parent-child', () => {
    const rows = categoryMetrics(
      index,
      new Map([
        ['f1', 'p'],
        ['j1', 'p'],
      ]),
    );
    assert.equal(row(rows, 'generational').overlays, 1);
    assert.equal(row(rows, 'parent-child').falsePairs, 0);
  });
});

describe('reviewMetrics', () => {
  const persons = new Map([
    ['pA', ['a1']],
    ['pA2', ['a2']],
    ['pB', ['b1']],
    ['pW', ['w1']],
    ['pF', ['f1']],
  ]);
  const cases: {
    name: string;
    task: { recordId: string | null; personId: string | null; candidatePersonId: string | null };
    right: boolean;
    wrong: PairCategory[];
  }[] = [
    {
      name: 'the true person',
      task: { recordId: 'a2', personId: 'pA2', candidatePersonId: 'pA' },
      right: true,
      wrong: [],
    },
    {
      name: 'a twin',
      task: { recordId: 'a1', personId: 'pA', candidatePersonId: 'pB' },
      right: false,
      wrong: ['twins'],
    },
    {
      name: 'a spouse',
      task: { recordId: 'w1', personId: 'pW', candidatePersonId: 'pF' },
      right: false,
      wrong: ['spouses'],
    },
    {
      name: 'two persons of one entity',
      task: { recordId: null, personId: 'pA', candidatePersonId: 'pA2' },
      right: true,
      wrong: [],
    },
  ];
  for (const c of cases) {
    it(`a task proposing ${c.name}`, () => {
      const m = reviewMetrics(index, [{ ...c.task, reason: 'possible-match' }], persons);
      assert.equal(m.candidateIsTruePerson, c.right ? 1 : 0);
      const crossed = Object.entries(m.wrongByCategory)
        .filter(([, n]) => n > 0)
        .map(([k]) => k);
      for (const category of c.wrong) assert.ok(crossed.includes(category), crossed.join(','));
      if (c.right) assert.deepEqual(crossed, []);
    });
  }

  it('gives tasks per 1,000 records, and skips tasks without a candidate in the share', () => {
    const m = reviewMetrics(
      index,
      [
        { recordId: 'a1', personId: 'pA', candidatePersonId: 'pB', reason: 'possible-twin' },
        { recordId: 'a2', personId: 'pA2', candidatePersonId: null, reason: 'same-source' },
      ],
      persons,
    );
    assert.equal(m.tasks, 2);
    assert.equal(m.perThousandRecords, (1000 * 2) / population.length);
    assert.deepEqual([m.withCandidate, m.trueCandidateShare], [1, 0]);
  });

  it('counts tasks and true candidates per reason, most frequent first', () => {
    const m = reviewMetrics(
      index,
      [
        { recordId: 'a1', personId: 'pA', candidatePersonId: 'pB', reason: 'possible-twin' },
        { recordId: 'a2', personId: 'pA2', candidatePersonId: 'pA', reason: 'possible-match' },
        { recordId: 'w1', personId: 'pW', candidatePersonId: 'pF', reason: 'possible-match' },
      ],
      persons,
    );
    assert.deepEqual(m.byReason, [
      { reason: 'possible-match', tasks: 2, withCandidate: 2, candidateIsTruePerson: 1 },
      { reason: 'possible-twin', tasks: 1, withCandidate: 1, candidateIsTruePerson: 0 },
    ]);
  });
});

describe('parseTags', () => {
  it('splits words, relations and identifiers lent', () => {
    const tags = parseTags('twin; twin-of:B;id-of:C;twin-of:B;odd:thing;');
    assert.deepEqual([...tags.words], ['twin', 'odd:thing']);
    assert.deepEqual([...(tags.relations.get('B') ?? [])], ['twin-of']);
    assert.deepEqual([...tags.identifiersOf], ['C']);
  });
});
