import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { populationQuality, RecordTruth } from '../../src/evaluation/population-quality';

const links = [
  { id: 'r1', source: 'clinic', personId: 'p1' },
  { id: 'r2', source: 'lab', personId: 'p1' },
  { id: 'r3', source: 'lab', personId: 'p2' },
  { id: 'r9', source: 'lab', personId: 'p9' },
];

describe('populationQuality', () => {
  const cases: { name: string; truth: Map<string, RecordTruth>; categories: boolean }[] = [
    {
      name: 'a file without tags gets the review figures only',
      truth: new Map([
        ['r1', { entity: 'A' }],
        ['r2', { entity: 'B' }],
        ['r3', { entity: 'B' }],
      ]),
      categories: false,
    },
    {
      name: 'a tagged file gets categories too',
      truth: new Map([
        ['r1', { entity: 'A', household: 'h', tags: 'twin-of:B' }],
        ['r2', { entity: 'B', household: 'h', tags: 'twin-of:A' }],
        ['r3', { entity: 'B', household: 'h' }],
      ]),
      categories: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const quality = populationQuality(links, c.truth, [
        { recordId: 'r3', personId: 'p2', candidatePersonId: 'p1', reason: 'possible-match' },
      ]);
      assert.equal(quality.categories !== undefined, c.categories);
      // r9 is not labelled: it counts neither as a record nor as a candidate.
      assert.equal(quality.review.perThousandRecords, 1000 / 3);
      assert.equal(quality.review.candidateIsTruePerson, 1);
      const twins = quality.categories?.find((r) => r.category === 'twins');
      if (c.categories) assert.deepEqual([twins?.falsePairs, twins?.overlays], [1, 1]);
    });
  }
});
