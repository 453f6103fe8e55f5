import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseMatchModel } from '../../src/matching/model/parse-match-model';
import { MatchFeatures } from '../../src/matching/record-types';
import { compileModel } from '../../src/matching/score/compile-model';
import { probabilityOfWeight, weightOfProbability } from '../../src/matching/score/match-weight';
import { scorePair, weighPair } from '../../src/matching/score/score-pair';
import { WILLIAM, features, otherId, token } from './matching-fixtures';

const MODEL = parseMatchModel(
  JSON.parse(
    fs.readFileSync(
      path.resolve(__dirname, '..', '..', '..', 'data', 'models', 'default.json'),
      'utf8',
    ),
  ),
);

/** Records drawn from small pools, so every level of every comparison turns up. */
const recordArbitrary: fc.Arbitrary<MatchFeatures> = fc
  .record({
    given: fc.constantFrom(null, 'john', 'jon', 'j', 'mary', 'garcia'),
    family: fc.constantFrom(null, 'garcia', 'garcia lopez', 'garsia', 'smith', 'john'),
    birthDate: fc.constantFrom(null, '1980-03-04', '1980-04-03', '1981-03-04', '1950-01-01'),
    sex: fc.constantFrom(null, 'male', 'female', 'unknown'),
    ssn: fc.constantFrom(null, '219099998', '219099988', '455667788'),
    postalCode: fc.constantFrom(null, '62704', '62799'),
    multipleBirth: fc.constantFrom(null, 1, 2, true, false),
    suffix: fc.constantFrom(null, 'jr', 'sr'),
  })
  .map((r) =>
    features({
      given: r.given,
      givenCanonical: r.given === 'jon' ? 'john' : r.given,
      givenMetaphone: r.given === null ? null : r.given.slice(0, 2).toUpperCase(),
      family: r.family,
      familyParts: r.family === null ? [] : r.family.split(' '),
      familyMetaphone: r.family === null ? null : r.family.slice(0, 3).toUpperCase(),
      birthDate: r.birthDate,
      sex: r.sex,
      ssn: r.ssn === null ? null : token('ssn', r.ssn),
      postalCode: r.postalCode,
      addressLine: r.postalCode === null ? null : '12 main st',
      multipleBirth: r.multipleBirth,
      suffix: r.suffix,
    }),
  );

const frequencies = (_id: string, value: string): number | undefined =>
  value === 'garcia' ? 0.02 : undefined;

describe('scorePair', () => {
  it('explanation weights add up to the total, and weighPair agrees to the last bit', () => {
    fc.assert(
      fc.property(recordArbitrary, recordArbitrary, fc.boolean(), (a, b, withTf) => {
        const context = withTf ? { termFrequency: frequencies } : {};
        const score = scorePair(MODEL, a, b, context);
        const { explanation } = score;
        let sum = explanation.prior.weight;
        for (const comparison of explanation.comparisons) sum += comparison.weight;
        assert.equal(sum, explanation.totalWeight);
        assert.equal(score.weight, explanation.totalWeight);
        const fast = weighPair(MODEL, a, b, context);
        assert.equal(fast.weight, score.weight);
        assert.equal(fast.matchClass, score.matchClass);
        assert.equal(score.probability, probabilityOfWeight(score.weight));
      }),
    );
  });

  it('gives two identical full records a certain match, explained field by field', () => {
    const score = scorePair(MODEL, WILLIAM, WILLIAM);
    assert.equal(score.matchClass, 'certain');
    assert.ok(score.probability > 0.999999);
    const given = score.explanation.comparisons.find((c) => c.comparisonId === 'given_name');
    assert.equal(given?.levelId, 'exact');
    assert.ok(given !== undefined && given.m !== null && given.u !== null);
    assert.equal(given?.weight, Math.log2((given?.m ?? 0) / (given?.u ?? 1)));
    assert.deepEqual(JSON.parse(JSON.stringify(score)), score, 'plain JSON data');
  });

  it('hides values unless revealed, and never shows identifier tokens', () => {
    const hidden = scorePair(MODEL, WILLIAM, WILLIAM).explanation;
    const revealed = scorePair(MODEL, WILLIAM, WILLIAM, { reveal: true }).explanation;
    const values = (e: typeof hidden, id: string) =>
      e.comparisons.find((c) => c.comparisonId === id)?.values;
    assert.deepEqual(values(hidden, 'given_name'), ['(hidden)', '(hidden)']);
    assert.deepEqual(values(revealed, 'given_name'), ['william', 'william']);
    assert.deepEqual(values(revealed, 'ssn'), ['match', 'match']);
    assert.deepEqual(values(revealed, 'other_identifiers'), ['medicaid: match', 'medicaid: match']);
    assert.ok(!JSON.stringify(revealed).includes('219099998'), 'no identifier value anywhere');
    assert.equal(revealed.valuesRevealed, true);
  });

  it('takes the neutral level when either side is missing', () => {
    const score = scorePair(
      MODEL,
      WILLIAM,
      features({ given: 'william', givenCanonical: 'william' }),
    );
    const birth = score.explanation.comparisons.find((c) => c.comparisonId === 'birth_date');
    assert.deepEqual(
      [birth?.levelId, birth?.weight, birth?.m, birth?.u],
      ['missing', 0, null, null],
    );
    const empty = scorePair(MODEL, features(), features());
    assert.equal(empty.weight, empty.explanation.prior.weight);
  });

  it('states the margin to each threshold in bits', () => {
    const { explanation } = scorePair(MODEL, WILLIAM, WILLIAM);
    for (const name of ['certain', 'probable', 'possible'] as const) {
      const threshold = explanation.thresholds[name];
      assert.equal(threshold.weight, weightOfProbability(MODEL.thresholds[name]));
      assert.equal(threshold.margin, explanation.totalWeight - threshold.weight);
    }
  });

  it('accepts a compiled model as well as the model', () => {
    const compiled = compileModel(MODEL);
    assert.equal(compileModel(MODEL), compiled, 'cached per model value');
    assert.equal(
      scorePair(compiled, WILLIAM, WILLIAM).weight,
      scorePair(MODEL, WILLIAM, WILLIAM).weight,
    );
  });
});

describe('term-frequency adjustment', () => {
  const a = features({ given: 'maria', givenCanonical: 'maria', givenMetaphone: 'MR' });
  const given = (lookup?: (id: string, value: string) => number | undefined) =>
    scorePair(
      MODEL,
      a,
      a,
      lookup === undefined ? {} : { termFrequency: lookup },
    ).explanation.comparisons.find((c) => c.comparisonId === 'given_name');

  it('weighs a common given name less and records the adjustment', () => {
    const seen: [string, string][] = [];
    const common = given((id, value) => {
      seen.push([id, value]);
      return 0.05;
    });
    assert.deepEqual(seen, [['given_name', 'maria']]);
    const plain = given();
    assert.equal(plain?.termFrequency, null);
    assert.ok(common?.termFrequency !== null && common?.termFrequency !== undefined);
    assert.equal(common.termFrequency.uUsed, 0.05);
    assert.ok(common.termFrequency.weight < 0);
    assert.equal(common.weight, (plain?.weight ?? 0) + common.termFrequency.weight);
  });

  it('bounds a rare value by minimumU', () => {
    const rare = given(() => 1e-9);
    assert.equal(rare?.termFrequency?.uUsed, 0.0005);
    assert.equal(rare?.weight, Math.log2(0.785 / 0.0005));
  });

  it('ignores unknown or meaningless frequencies', () => {
    assert.equal(given(() => undefined)?.termFrequency, null);
    assert.equal(given(() => 0)?.termFrequency, null);
  });

  it('leaves the family name alone: a rare surname is shared by a whole family', () => {
    const b = features({ family: 'garcia', familyParts: ['garcia'] });
    const family = scorePair(MODEL, b, b, { termFrequency: () => 1e-9 });
    const line = family.explanation.comparisons.find((c) => c.comparisonId === 'family_name');
    assert.equal(line?.termFrequency, null);
  });
});

describe('deterministic rules', () => {
  const twinA = features({
    ...WILLIAM,
    ssn: null,
    otherIdentifiers: [],
    email: null,
    middle: null,
    given: 'liam',
    givenCanonical: 'liam',
    givenNicknameGroup: [],
    givenMetaphone: 'LM',
  });
  const twinB = { ...twinA, given: 'noah', givenCanonical: 'noah', givenMetaphone: 'N' };

  it("makes a steward's no final", () => {
    const score = scorePair(MODEL, WILLIAM, WILLIAM, { hardNo: true });
    assert.equal(score.matchClass, 'no-match');
    assert.equal(score.modelClass, 'certain');
    assert.equal(score.rule?.rule, 'steward-not-a-match');
    assert.match(score.explanation.rule?.reason ?? '', /steward/);
  });

  it('links on a shared SSN even when a given name is garbled', () => {
    const a = features({
      given: 'jonathan',
      ssn: token('ssn', '219099998'),
      birthDate: '1980-03-04',
    });
    const b = features({ given: 'xq', ssn: token('ssn', '219099998'), birthDate: '1980-03-04' });
    const score = weighPair(MODEL, a, b);
    // The garbled name holds the given-name guard; the shared number and the rest override it.
    assert.equal(score.rule?.rule, 'guard-overridden');
    assert.equal(score.rule?.guard, 'given-name-conflict');
    assert.equal(score.rule?.authority, 'ssn');
    assert.equal(score.matchClass, 'certain');
  });

  it('weighs a shared identifier of any authority, with no verdict when the rest agrees', () => {
    const a = features({ ...WILLIAM, ssn: null, otherIdentifiers: [otherId('medicaid', 'AB1')] });
    const score = weighPair(MODEL, a, a);
    assert.equal(score.rule, null);
    assert.equal(score.matchClass, 'certain');
  });

  it('sends a shared identifier whose demographics contradict it to review, not to a link', () => {
    // Given, middle, family name and address differ; one MRN and the birth date are shared.
    const mrn = [otherId('mrn:st-mary', 'M1001')];
    const a = features({ ...WILLIAM, ssn: null, otherIdentifiers: mrn });
    const b = features({
      ...a,
      given: 'grace',
      givenCanonical: 'grace',
      givenNicknameGroup: [],
      givenMetaphone: 'KRS',
      middle: 'ann',
      family: 'okafor',
      familyParts: ['okafor'],
      familyMetaphone: 'AKFR',
      addressLine: '9 elm st',
      postalCode: '10001',
      mothersMaidenName: 'novak',
      phone: null,
      email: null,
    });
    const score = scorePair(MODEL, a, b);
    assert.notEqual(score.modelClass, 'certain');
    assert.equal(score.rule?.rule, 'shared-identifier-conflict');
    assert.equal(score.rule?.authority, 'mrn:st-mary');
    assert.match(score.rule?.reason ?? '', /conflicting demographics/);
    assert.equal(score.matchClass, 'probable');
  });

  it('sends a shared SSN to review when birth orders differ (twins) or names and dates differ', () => {
    const ssn = token('ssn', '219099998');
    const twins = weighPair(
      MODEL,
      { ...twinA, ssn, multipleBirth: 1 },
      { ...twinB, ssn, multipleBirth: 2 },
    );
    assert.equal(twins.rule?.rule, 'shared-identifier-conflict');
    assert.equal(twins.rule?.guard, 'different-birth-order');
    assert.equal(twins.matchClass, 'probable');
    const child = weighPair(MODEL, { ...twinA, ssn }, { ...twinB, ssn, birthDate: '2011-09-30' });
    assert.equal(child.rule?.guard, 'given-name-and-birth-date-conflict');
    assert.equal(child.matchClass, 'probable');
  });

  it('no longer lets twins of one household reach certain by weight', () => {
    const score = scorePair(MODEL, twinA, twinB);
    assert.equal(score.sameHousehold, true);
    assert.ok(score.weight < score.explanation.thresholds.probable.weight);
  });

  it('holds back an automatic link between twins that the weight alone would make', () => {
    const { household: _household, ...independent } = MODEL;
    const score = scorePair(independent, twinA, twinB);
    assert.equal(score.modelClass, 'certain');
    assert.equal(score.matchClass, 'probable');
    assert.equal(score.rule?.rule, 'auto-link-guard');
    assert.equal(score.rule?.guard, 'given-name-conflict');
  });

  it('holds back Jr and Sr', () => {
    const senior = { ...WILLIAM, ssn: null, otherIdentifiers: [], suffix: 'sr' };
    const junior = { ...senior, suffix: 'jr', birthDate: '1980-07-05' };
    assert.equal(weighPair(MODEL, senior, junior).rule?.guard, 'suffix-conflict');
  });

  it('reports no rule for an ordinary pair', () => {
    assert.equal(weighPair(MODEL, twinA, twinA).rule, null);
  });
});
