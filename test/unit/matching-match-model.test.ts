import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MODEL_FILE } from '../../src/matching/model/default-model';
import {
  InvalidMatchModelError,
  parseMatchModel,
} from '../../src/matching/model/parse-match-model';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function defaultJson(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, DEFAULT_MODEL_FILE), 'utf8')) as Record<
    string,
    unknown
  >;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON, broken on purpose
type Json = any;

/** The default model's JSON with one change made by `edit`. */
function edited(edit: (json: Json) => void): unknown {
  const json = defaultJson();
  edit(json);
  return json;
}

describe('parseMatchModel', () => {
  it('reads the checked-in default model', () => {
    const model = parseMatchModel(defaultJson());
    assert.equal(model.version, 14);
    assert.ok(model.household !== undefined && model.household.members.length === 5);
    assert.ok(model.comparisons.length >= 12);
    assert.ok(model.blockingRules.includes('ssn'));
    assert.ok(Object.isFrozen(model) && Object.isFrozen(model.comparisons[0]));
  });

  it('reads a middle name compared as text, as models before version 8 (and their trained copies) wrote it', () => {
    const model = parseMatchModel(
      edited((j) => {
        const middle = j.comparisons.find((c: { id: string }) => c.id === 'middle_name');
        middle.kind = 'text';
        middle.field = 'middle';
        middle.levels = middle.levels.filter((l: { id: string }) => l.id !== 'names-within');
        middle.levels.at(-1).m += 0.005;
        middle.levels.at(-1).u += 0.005;
      }),
    );
    assert.equal(model.comparisons.find((c) => c.id === 'middle_name')?.kind, 'text');
  });

  it('reads a condition lifted by one level set, as models before version 7 wrote it', () => {
    const model = parseMatchModel(
      edited((j) => (j.household.conditional[1].unless = j.household.conditional[1].unless[0])),
    );
    assert.deepEqual(
      model.household?.conditional[1]?.unless?.map((set) => set.comparison),
      ['given_name'],
    );
  });

  it('reads a model without guard overrides (written before they existed)', () => {
    const model = parseMatchModel(edited((j) => delete j.deterministicRules.guardOverrides));
    assert.equal(model.deterministicRules.guardOverrides, undefined);
    assert.ok(model.deterministicRules.guards.includes('given-name-conflict'));
  });

  it('reads the guard overrides of the default model', () => {
    const overrides = parseMatchModel(defaultJson()).deterministicRules.guardOverrides ?? [];
    assert.deepEqual(
      overrides.map((o) => [o.guard, o.corroboration, o.excluding]),
      [
        ['given-name-conflict', 'identifier-within-one-edit', ['given_name']],
        ['birth-date-conflict', 'identifier-within-one-edit', ['birth_date']],
      ],
    );
  });

  it('reads a model without household evidence (written before it existed)', () => {
    const model = parseMatchModel(edited((j) => delete j.household));
    assert.equal(model.household, undefined);
  });

  it('round-trips through JSON', () => {
    const model = parseMatchModel(defaultJson());
    assert.deepEqual(parseMatchModel(JSON.parse(JSON.stringify(model))), model);
  });

  const invalid: [string, (json: Json) => void, RegExp][] = [
    ['not an object', (j) => Object.keys(j).forEach((k) => delete j[k]), /\$\.format/],
    ['wrong format', (j) => (j.format = 'other'), /\$\.format/],
    ['version 0', (j) => (j.version = 0), /\$\.version/],
    ['prior of 1', (j) => (j.prior.probability = 1), /\$\.prior\.probability/],
    ['unknown kind', (j) => (j.comparisons[0].kind = 'tarot'), /comparisons\[0\]\.kind.*tarot/],
    ['m above 1', (j) => (j.comparisons[1].levels[0].m = 1.5), /comparisons\[1\]\.levels\[0\]\.m/],
    ['u of 0', (j) => (j.comparisons[1].levels[0].u = 0), /levels\[0\]\.u/],
    ['m not summing to 1', (j) => (j.comparisons[2].levels[0].m = 0.1), /m values must sum to 1/],
    [
      'unknown test',
      (j) => (j.comparisons[0].levels[1].id = 'astrology'),
      /unknown test "astrology"/,
    ],
    [
      'household member without such a comparison',
      (j) => (j.household.members[0].comparison = 'shoe_size'),
      /household\.members\[0\]\.comparison.*shoe_size/,
    ],
    [
      'household member level unknown',
      (j) => (j.household.members[1].agreeing = ['nearby']),
      /household\.members\[1\]\.agreeing\[0\].*nearby/,
    ],
    [
      'conditional levels out of order',
      (j) => j.household.conditional[1].levels.reverse(),
      /household\.conditional\[1\]\.levels.*in order/,
    ],
    [
      'conditional u not summing to 1',
      (j) => (j.household.conditional[0].levels[0].u = 0.5),
      /household\.conditional\[0\]\.levels.*u values must sum to 1/,
    ],
    [
      'a member conditional on itself',
      (j) => (j.household.conditional[0].comparison = 'family_name'),
      /household\.conditional\[0\]/,
    ],
    [
      'a condition lifted by its own comparison',
      (j) =>
        (j.household.conditional[1].unless = { comparison: 'birth_date', agreeing: ['exact'] }),
      /household\.conditional\[1\]\.unless.*other comparisons/,
    ],
    [
      'a condition lifted by an unknown level',
      (j) => (j.household.conditional[1].unless[1].agreeing = ['same-star-sign']),
      /household\.conditional\[1\]\.unless\[1\]\.agreeing\[0\].*same-star-sign/,
    ],
    ['minimumAgreeing of 1', (j) => (j.household.minimumAgreeing = 1), /minimumAgreeing/],
    ['else not last', (j) => j.comparisons[0].levels.reverse(), /last level must be "else"/],
    ['duplicate level', (j) => (j.comparisons[0].levels[1].id = 'exact'), /duplicates id "exact"/],
    ['duplicate comparison', (j) => (j.comparisons[1].id = j.comparisons[0].id), /duplicates id/],
    [
      'threshold missing',
      (j) =>
        delete j.comparisons[0].levels.find((l: { id: string }) => l.id === 'jaro-winkler')
          .threshold,
      /threshold/,
    ],
    [
      'text without field',
      (j) => delete j.comparisons.find((c: { kind: string }) => c.kind === 'text').field,
      /needs field/,
    ],
    [
      'tf on unknown level',
      (j) => (j.comparisons[0].termFrequency.level = 'nope'),
      /termFrequency\.level/,
    ],
    [
      'unknown blocking rule',
      (j) => j.blockingRules.push('horoscope'),
      /blockingRules\[\d+\].*horoscope/,
    ],
    [
      'thresholds out of order',
      (j) => (j.thresholds.possible = 0.999),
      /certain >= probable >= possible/,
    ],
    ['unknown guard', (j) => j.deterministicRules.guards.push('vibes'), /unknown guard "vibes"/],
    [
      'override of an unknown guard',
      (j) => (j.deterministicRules.guardOverrides[0].guard = 'vibes'),
      /guardOverrides\[0\]\.guard.*unknown guard "vibes"/,
    ],
    [
      'override of a guard not in use',
      (j) =>
        j.deterministicRules.guards.splice(
          j.deterministicRules.guards.indexOf('given-name-conflict'),
          1,
        ),
      /guardOverrides\[0\]\.guard.*not in use/,
    ],
    [
      'override excluding an unknown comparison',
      (j) => j.deterministicRules.guardOverrides[0].excluding.push('horoscope'),
      /guardOverrides\[0\]\.excluding\[1\].*no comparison "horoscope"/,
    ],
    [
      'override with an unknown corroboration',
      (j) => (j.deterministicRules.guardOverrides[0].corroboration = 'a hunch'),
      /guardOverrides\[0\]\.corroboration.*unknown corroboration/,
    ],
    [
      'override without a minimum weight',
      (j) => delete j.deterministicRules.guardOverrides[0].minimumOtherWeight,
      /guardOverrides\[0\]\.minimumOtherWeight/,
    ],
    [
      'two overrides of one guard',
      (j) => j.deterministicRules.guardOverrides.push(j.deterministicRules.guardOverrides[0]),
      /guardOverrides.*overrides a guard twice/,
    ],
    ['typo in a property', (j) => (j.comparisons[0].levles = []), /levles.*not a known property/],
    ['bad trainedAt', (j) => (j.trainedAt = 'yesterday'), /trainedAt/],
  ];
  for (const [name, edit, message] of invalid) {
    it(`refuses: ${name}`, () => {
      assert.throws(
        () => parseMatchModel(edited(edit)),
        (error: unknown) => error instanceof InvalidMatchModelError && message.test(error.message),
      );
    });
  }

  it('refuses what is not JSON of an object', () => {
    assert.throws(() => parseMatchModel(null), InvalidMatchModelError);
    assert.throws(() => parseMatchModel([]), InvalidMatchModelError);
  });
});
