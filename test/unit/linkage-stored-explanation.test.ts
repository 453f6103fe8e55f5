import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  explanationOf,
  packExplanation,
  unpackExplanation,
} from '../../src/linkage/stored-explanation';

const AUTO_LINK = {
  rule: null,
  prior: -15.60961162024745,
  levels: [
    ['given_name', 'exact', 7.61654884377899],
    ['family_name', 'jaro-winkler', 6.129283016944966],
    ['birth_date', 'exact', 13.904383739997943],
    ['sex', 'exact', 0.9708536543404835],
    ['phone', 'exact', 13.053247125912426],
    ['household', 'same-household', -3.3098552625867868],
  ],
  matchClass: 'certain',
  probability: 0.9999998587112142,
  totalWeight: 22.754849498140572,
  modelVersion: 8,
};

describe('a link event explanation, packed', () => {
  it('unpacks to the value packed, every number to the same double', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const through = JSON.parse(JSON.stringify(value)) as unknown;
        assert.deepEqual(unpackExplanation(packExplanation(value)), through);
      }),
      { numRuns: 500 },
    );
    assert.deepEqual(unpackExplanation(packExplanation(AUTO_LINK)), AUTO_LINK);
  });

  it('an automatic link`s is a third of its JSON', () => {
    const packed = packExplanation(AUTO_LINK);
    assert.ok(packed.length * 3 < JSON.stringify(AUTO_LINK).length, `${packed.length} bytes`);
  });

  it('reads a row of either form, and refuses a form it does not know', () => {
    assert.deepEqual(
      explanationOf({ explanation: AUTO_LINK, explanation_packed: null }),
      AUTO_LINK,
    );
    assert.deepEqual(
      explanationOf({ explanation: null, explanation_packed: packExplanation(AUTO_LINK) }),
      AUTO_LINK,
    );
    assert.equal(explanationOf({ explanation: null, explanation_packed: null }), null);
    const unknown = Buffer.concat([Buffer.from([99]), packExplanation(1).subarray(1)]);
    assert.throws(() => unpackExplanation(unknown), /unknown form 99/);
  });
});
