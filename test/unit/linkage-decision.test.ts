import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LinkPolicy, PersonScore, decideLink } from '../../src/linkage/link-decision';

const score = (
  personId: string,
  weight: number,
  matchClass: PersonScore['matchClass'],
  weakestWeight?: number,
  sameHousehold = false,
): PersonScore => ({
  personId,
  bestRecordId: `${personId}-r`,
  weight,
  probability: 2 ** weight / (1 + 2 ** weight),
  matchClass,
  rule: null,
  sameHousehold,
  explanation: null,
  weakestWeight,
});

/** Persons named in `same` pairs are one person; every other two are two. */
const policyWith = (...same: [string, string][]): LinkPolicy => ({
  chainGuardWeight: -10,
  householdRivalMargin: 5,
  samePerson: (x, y) =>
    same.some(
      ([a, b]) => (a === x.personId && b === y.personId) || (a === y.personId && b === x.personId),
    ),
});

describe('link decision', () => {
  const guard = policyWith(['p1', 'p2']);

  it('links to the one certain person', () => {
    const d = decideLink([score('p1', 20, 'certain'), score('p2', 4, 'probable')], guard);
    assert.equal(d.linkTo?.personId, 'p1');
    assert.deepEqual(d.reviews, []);
  });

  it('links to the best of two certain persons that are one and proposes merging the other', () => {
    const d = decideLink([score('p2', 15, 'certain'), score('p1', 25, 'certain')], guard);
    assert.equal(d.linkTo?.personId, 'p1');
    assert.deepEqual(
      d.reviews.map((r) => [r.kind, r.candidate.personId]),
      [['merge-persons', 'p2']],
    );
  });

  it('sends a probable match to review and gives the record its own person meanwhile', () => {
    const d = decideLink([score('p1', 4, 'probable'), score('p2', 1, 'possible')], guard);
    assert.equal(d.linkTo, null);
    assert.deepEqual(
      d.reviews.map((r) => r.kind),
      ['possible-match'],
    );
  });

  it('never acts on possible or no-match scores', () => {
    assert.deepEqual(
      decideLink([score('p1', 0.5, 'possible'), score('p2', -9, 'no-match')], guard),
      { linkTo: null, reviews: [] },
    );
    assert.deepEqual(decideLink([], guard), { linkTo: null, reviews: [] });
  });

  it('does not chain a record onto a person one of whose records it plainly contradicts', () => {
    const d = decideLink([score('p1', 20, 'certain', -14)], guard);
    assert.equal(d.linkTo, null);
    assert.deepEqual(
      d.reviews.map((r) => r.kind),
      ['weak-chain'],
    );
    assert.equal(decideLink([score('p1', 20, 'certain', -3)], guard).linkTo?.personId, 'p1');
  });

  it('holds back a record certain for two persons who are two people (twins): one ambiguous task', () => {
    const d = decideLink(
      [score('twin-a', 20, 'certain'), score('twin-b', 18, 'certain')],
      policyWith(),
    );
    assert.equal(d.linkTo, null);
    assert.deepEqual(
      d.reviews.map((r) => [r.kind, r.candidate.personId, r.rival?.personId]),
      [['ambiguous', 'twin-a', 'twin-b']],
    );
  });

  it('holds back a link when another person of the household comes within the margin', () => {
    const near = decideLink(
      [score('p1', 10, 'certain'), score('sib', 6, 'probable', undefined, true)],
      policyWith(),
    );
    assert.equal(near.linkTo, null);
    assert.deepEqual(
      near.reviews.map((r) => [r.kind, r.rival?.personId]),
      [['ambiguous', 'sib']],
    );
    const far = decideLink(
      [score('p1', 14, 'certain'), score('sib', 6, 'probable', undefined, true)],
      policyWith(),
    );
    assert.equal(far.linkTo?.personId, 'p1');
    const stranger = decideLink(
      [score('p1', 10, 'certain'), score('p9', 9, 'probable')],
      policyWith(),
    );
    assert.equal(stranger.linkTo?.personId, 'p1');
  });

  it('breaks equal weights by person id, so every instance decides alike', () => {
    const a = decideLink([score('p2', 20, 'certain'), score('p1', 20, 'certain')], guard);
    const b = decideLink([score('p1', 20, 'certain'), score('p2', 20, 'certain')], guard);
    assert.equal(a.linkTo?.personId, 'p1');
    assert.equal(b.linkTo?.personId, 'p1');
  });
});
