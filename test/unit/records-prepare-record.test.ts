import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { loadReferenceTables } from '../../src/config/reference-tables';
import { DEFAULT_MODEL_FILE } from '../../src/matching/model/default-model';
import { PreparationTools, isRejection, prepareRecord } from '../../src/records/record-preparer';
import { readModelFile } from '../../src/retrieval/match-model.provider';
import { storedBlockKeysOf } from '../../src/retrieval/pair-scorer';
import { TokenService } from '../../src/tokens/token.service';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const tokens = new TokenService({
  dataKeys: [{ id: 'k1', secret: Buffer.alloc(32, 3) }],
  jwtSecret: Buffer.alloc(0),
  auditKey: Buffer.alloc(0),
});
const model = readModelFile(path.join(ROOT, DEFAULT_MODEL_FILE));
const tools: PreparationTools = {
  tables: loadReferenceTables(path.join(ROOT, 'data', 'reference')),
  tokens,
  storedBlockKeys: (features) => storedBlockKeysOf(model, tokens, features),
};

/** What prepareRecord refused before it looked for a surrogate first: the rule itself. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const base = { source: 'clinic', source_id: 'MRN-1', given_name: 'Ann', family_name: 'Lee' };
const unicodeErrors = (city: string): string[] => {
  const prepared = prepareRecord({ ...base, city }, 0, tools);
  return isRejection(prepared)
    ? prepared.errors.filter((e) => e.reason.endsWith('is not valid Unicode')).map((e) => e.field)
    : [];
};

describe('prepareRecord', () => {
  it('refuses half a surrogate pair anywhere in a field, and only that', () => {
    assert.deepEqual(unicodeErrors('Z\uD83Durich'), ['city']);
    assert.deepEqual(unicodeErrors('Zurich\uDE00'), ['city']);
    assert.deepEqual(unicodeErrors('\uDE00\uD83D'), ['city']);
    assert.deepEqual(unicodeErrors('Z\uD83D\uDE00rich'), []);
    assert.deepEqual(unicodeErrors('Zürich'), []);
  });

  it('refuses a field as not valid Unicode exactly when it holds a lone surrogate', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', ' ', '\uD83D', '\uDE00'), maxLength: 12 }),
        (city) => {
          assert.deepEqual(unicodeErrors(city), LONE_SURROGATE.test(city) ? ['city'] : []);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives the same features, keys and hash each time (no state leaks between records)', () => {
    const record = { ...base, birth_date: '1970-01-02', ssn: '123-45-6789', postal_code: '02139' };
    const first = prepareRecord(record, 0, tools);
    for (let i = 0; i < 3; i++) prepareRecord({ ...base, given_name: `Other${i}` }, 1, tools);
    const again = prepareRecord(record, 0, tools);
    assert.ok(!isRejection(first) && !isRejection(again));
    assert.deepEqual(again.features, first.features);
    assert.deepEqual(again.blockKeys, first.blockKeys);
    assert.equal(again.contentHash, first.contentHash);
  });
});
