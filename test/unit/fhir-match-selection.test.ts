import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchBundle } from '../../src/fhir/match-bundle';
import { selectMatches } from '../../src/fhir/match-selection';
import { PairExplanation } from '../../src/matching/score/explanation';
import { MatchClass } from '../../src/matching/model/match-class';
import { PersonMatch } from '../../src/retrieval/match-query.service';
import { assertFp, assertValidFhir } from '../support/fhir-conformance';

function match(personId: string, matchClass: MatchClass, weight: number): PersonMatch {
  return {
    personId,
    recordId: `r-${personId}`,
    weight,
    probability: 1 / (1 + 2 ** -weight),
    matchClass,
    explanation: explanation(weight),
  };
}

function explanation(totalWeight: number): PairExplanation {
  const margin = { probability: 0.9, weight: 3, margin: 0 };
  return {
    modelVersion: 1,
    prior: { probability: 1e-5, weight: -16.6 },
    rule: null,
    sameHousehold: false,
    comparisons: [
      {
        comparisonId: 'family_name',
        label: 'Family name',
        levelId: 'exact',
        levelLabel: 'exact',
        values: ['smith', 'smith'],
        m: 0.9,
        u: 0.01,
        termFrequency: null,
        weight: 6.5,
      },
    ],
    totalWeight,
    probability: 0.99,
    modelClass: 'certain',
    matchClass: 'certain',
    thresholds: { certain: margin, probable: margin, possible: margin },
    valuesRevealed: true,
  };
}

describe('selectMatches: what $match releases (IHE ITI-119 cases 3-6)', () => {
  const options = { onlyCertainMatches: false, count: 10, truncated: false, certainWeight: 10 };
  const strict = { ...options, onlyCertainMatches: true };
  const ids = (list: PersonMatch[]): string[] => list.map((m) => m.personId);

  it('without onlyCertainMatches: everything, cut to count, with a warning when retrieval was cut short', () => {
    const all = [match('a', 'certain', 30), match('b', 'probable', 5), match('c', 'possible', 1)];
    assert.deepEqual(ids(selectMatches(all, options).matches), ['a', 'b', 'c']);
    assert.deepEqual(ids(selectMatches(all, { ...options, count: 2 }).matches), ['a', 'b']);
    assert.deepEqual(
      selectMatches(all, { ...options, truncated: true }).notes.map((n) => n.code),
      ['incomplete'],
    );
  });

  const strictCases: [string, PersonMatch[], boolean, string[]][] = [
    ['case 3: one certain match', [match('a', 'certain', 20)], false, ['a']],
    ['case 4: one match, not certain', [match('a', 'probable', 8)], false, []],
    [
      'case 5: two certain persons',
      [match('a', 'certain', 30), match('b', 'certain', 12)],
      false,
      [],
    ],
    [
      'case 5: a probable rival within the certain margin',
      [match('a', 'certain', 14), match('b', 'probable', 6)],
      false,
      [],
    ],
    [
      'a probable rival outweighed by the certain margin',
      [match('a', 'certain', 30), match('b', 'probable', 6)],
      false,
      ['a'],
    ],
    [
      'a possible rival does not stand in the way',
      [match('a', 'certain', 12), match('b', 'possible', 2)],
      false,
      ['a'],
    ],
    ['retrieval cut short', [match('a', 'certain', 30)], true, []],
    ['nothing found', [], false, []],
  ];
  for (const [label, list, truncated, expected] of strictCases) {
    it(`onlyCertainMatches, ${label}: ${expected.length === 0 ? 'nothing' : expected.join(', ')}`, () => {
      const selection = selectMatches(list, { ...strict, truncated });
      assert.deepEqual(ids(selection.matches), expected);
      assert.deepEqual(selection.notes, []);
    });
  }
});

describe('matchBundle: the $match answer', () => {
  const patients = new Map([
    ['a', { resourceType: 'Patient' as const, id: 'a', active: true }],
    ['b', { resourceType: 'Patient' as const, id: 'b', active: true }],
  ]);
  const input = {
    id: 'bundle-1',
    baseUrl: 'http://mpi.test/fhir',
    patients,
    notes: [],
    revealValues: false,
    now: new Date('2025-01-01T00:00:00Z'),
  };

  it('is a valid searchset: mode match, score in 0..1, match-grade and explanation on search; values hidden unless revealed', () => {
    const bundle = matchBundle({
      ...input,
      matches: [match('a', 'certain', 30), match('b', 'possible', 1)],
    });
    assertValidFhir(bundle, 'match Bundle');
    assertFp(bundle, "type = 'searchset' and total = 2 and entry.count() = 2");
    assertFp(
      bundle,
      "entry.all(search.mode = 'match' and search.score >= 0 and search.score <= 1)",
    );
    assertFp(
      bundle,
      "entry[0].search.extension('http://hl7.org/fhir/StructureDefinition/match-grade').value = 'certain'",
    );
    assertFp(
      bundle,
      "entry[1].search.extension('http://hl7.org/fhir/StructureDefinition/match-grade').value = 'possible'",
    );
    assertFp(bundle, "entry[0].fullUrl = 'http://mpi.test/fhir/Patient/a'");
    const explained =
      "entry[0].search.extension('urn:mpi:fhir:StructureDefinition/match-explanation')";
    assertFp(bundle, `${explained}.extension('totalWeight').value = 30`);
    assertFp(bundle, `${explained}.extension('matchedRecord').value.reference = 'Patient/r-a'`);
    assertFp(bundle, `${explained}.extension('comparison').extension('recordValue').empty()`);
    const revealed = matchBundle({
      ...input,
      revealValues: true,
      matches: [match('a', 'certain', 30)],
    });
    assertFp(
      revealed,
      `${explained}.extension('comparison').extension('recordValue').value = 'smith'`,
    );
  });

  it('is empty (no entry) when nothing matched, and carries warnings as an outcome entry', () => {
    const empty = matchBundle({ ...input, matches: [] });
    assertValidFhir(empty, 'empty Bundle');
    assertFp(empty, 'entry.empty() and total = 0');
    const warned = matchBundle({
      ...input,
      matches: [],
      notes: [{ severity: 'warning', code: 'incomplete', diagnostics: 'cut short' }],
    });
    assertValidFhir(warned, 'Bundle with outcome');
    assertFp(
      warned,
      "total = 0 and entry.search.mode = 'outcome' and entry.resource.issue.severity = 'warning'",
    );
  });
});
