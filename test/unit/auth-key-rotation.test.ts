import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockingKeys } from '../../src/matching/blocking/blocking-keys';
import { buildFeatures } from '../../src/matching/features/build-features';
import { ownIdentifier } from '../../src/matching/normalize/other-identifiers';
import {
  IDENTIFIER_DOMAINS,
  VARIANT_TOKEN_CHARS,
  stemDomain,
} from '../../src/matching/features/identifier-tokens';
import { normalizeRecord } from '../../src/matching/normalize/normalize-record';
import { parseReferenceTables } from '../../src/matching/normalize/reference-tables';
import { NormalizedRecord } from '../../src/matching/record-types';
import { demographicsOf, identifiersOf } from '../../src/formats/demographics';
import { DEFAULT_MODEL_PATH, readModelFile } from '../../src/retrieval/match-model.provider';
import { contentHashOf, normalizedFromStored, rekeyRecord } from '../../src/records/key-rotation';
import { lookupBlockKeys, retiredSourceIdTokens } from '../../src/tokens/key-rotation-lookup';
import { CIPHER_CONTEXT, TokenService } from '../../src/tokens/token.service';

const k1 = { id: 'k1', secret: Buffer.alloc(32, 1) };
const k2 = { id: 'k2', secret: Buffer.alloc(32, 2) };
const service = (...dataKeys: (typeof k1)[]): TokenService =>
  new TokenService({ dataKeys, jwtSecret: Buffer.alloc(32), auditKey: Buffer.alloc(32) });
const tables = parseReferenceTables({
  nicknameCsvs: ['name1,relationship,name2\nwilliam,has_nickname,bill\n'],
  givenNamesTxt: 'william\nelizabeth\n',
  nonNames: { givenTxt: 'mom\nson of\n', familyTxt: 'unknown\ndont know\n' },
});
const model = readModelFile(DEFAULT_MODEL_PATH);

function normalized(): NormalizedRecord {
  const result = normalizeRecord(
    {
      source: 'clinic',
      source_id: 'MRN-77',
      given_name: 'Bill',
      family_name: 'García-López',
      birth_date: '1970-01-31',
      sex: 'male',
      ssn: '512-44-9876',
      phone: '617 555 0142',
      email: 'bill@example.org',
      postal_code: '02110',
      other_identifiers: 'urn:medicaid|AB123456',
    },
    tables,
  );
  assert.ok('record' in result);
  return result.record;
}

describe('key rotation lookups', () => {
  it('computes blocking-key tokens under the active key and every retired key', () => {
    const rotating = service(k2, k1);
    const keys = ['ssn:abc', 'family-metaphone-birth-year:KRS|1970'];
    const lookup = lookupBlockKeys(rotating, keys);
    const underK1 = keys.map((k) => service(k1).blockKey(k));
    const underK2 = keys.map((k) => service(k2).blockKey(k));
    assert.deepEqual(lookup, [...underK2, ...underK1]);
    assert.deepEqual(lookupBlockKeys(service(k2), keys), underK2);
  });

  it('finds a record key under each retired key', () => {
    assert.deepEqual(retiredSourceIdTokens(service(k2, k1), 'clinic', 'MRN-77'), [
      { keyId: 'k1', token: service(k1).sourceIdToken('clinic', 'MRN-77') },
    ]);
    assert.deepEqual(retiredSourceIdTokens(service(k1), 'clinic', 'MRN-77'), []);
  });
});

/** The record's own key as an identifier, as a fresh ingest builds it. */
const CLINIC_KEY = ownIdentifier('clinic', 'MRN-77');

/** The key and sealed columns of the record stored as clinic / MRN-77 under key k1. */
function storedUnderK1(old: TokenService, record: NormalizedRecord) {
  return {
    source: 'clinic',
    keyId: 'k1',
    sourceIdToken: old.sourceIdToken('clinic', 'MRN-77'),
    sourceIdEnc: old.encrypt(
      'MRN-77',
      CIPHER_CONTEXT.sourceId,
      old.sourceIdToken('clinic', 'MRN-77'),
    ),
    identifiersEnc: old.encrypt(
      JSON.stringify(identifiersOf(record)),
      CIPHER_CONTEXT.identifiers,
      old.sourceIdToken('clinic', 'MRN-77'),
    ),
  };
}

describe('rekeyRecord', () => {
  it('gives exactly what a fresh ingest under the new key stores', () => {
    const record = normalized();
    const old = service(k1);
    const stored = {
      ...storedUnderK1(old, record),
      id: '00000000-0000-4000-8000-000000000001',
      // As read back from jsonb: same values, keys in another order.
      features: JSON.parse(
        JSON.stringify(buildFeatures(record, old.tokenizer, 'k1', CLINIC_KEY)),
      ) as ReturnType<typeof buildFeatures>,
      demographics: Object.fromEntries(
        Object.entries(demographicsOf(record)).reverse(),
      ) as ReturnType<typeof demographicsOf>,
    };
    const fresh = service(k2, k1);
    const rekeyed = rekeyRecord(stored, fresh, model);
    const expected = buildFeatures(record, fresh.tokenizer, 'k2', CLINIC_KEY);
    assert.deepEqual(rekeyed.features, expected);
    assert.equal(JSON.stringify(rekeyed.features), JSON.stringify(expected));
    assert.equal(rekeyed.contentHash, contentHashOf(expected, demographicsOf(record)));
    assert.equal(rekeyed.sourceIdToken, fresh.sourceIdToken('clinic', 'MRN-77'));
    assert.deepEqual(
      rekeyed.blockKeys,
      blockingKeys(model, expected).map((k) => fresh.blockKey(k)),
    );
    assert.equal(
      fresh.decrypt(rekeyed.sourceIdEnc, CIPHER_CONTEXT.sourceId, rekeyed.sourceIdToken),
      'MRN-77',
    );
    assert.ok(rekeyed.sourceIdEnc.startsWith('k2.') && rekeyed.identifiersEnc?.startsWith('k2.'));
    assert.notEqual(rekeyed.features.ssn?.token, stored.features.ssn?.token);
  });

  it('gives a record stored before stem tokens existed its stems under the new key', () => {
    const record = normalized();
    const old = service(k1);
    const features = buildFeatures(record, old.tokenizer, 'k1', CLINIC_KEY);
    const withoutStem = <T extends { stem?: string }>({ stem: _stem, ...rest }: T) => rest;
    const stored = {
      ...storedUnderK1(old, record),
      id: '00000000-0000-4000-8000-000000000002',
      features: {
        ...features,
        ssn: features.ssn && withoutStem(features.ssn),
        phone: features.phone && withoutStem(features.phone),
        otherIdentifiers: features.otherIdentifiers.map(withoutStem),
      },
      demographics: demographicsOf(record),
    };
    const fresh = service(k2, k1);
    const rekeyed = rekeyRecord(stored, fresh, model);
    const tokenize = fresh.tokenizer;
    assert.equal(
      rekeyed.features.ssn?.stem,
      tokenize(stemDomain(IDENTIFIER_DOMAINS.ssn), '51244987').slice(0, VARIANT_TOKEN_CHARS),
    );
    assert.ok(rekeyed.features.phone?.stem !== undefined);
    const listed = rekeyed.features.otherIdentifiers.filter((id) => id.own !== true);
    assert.ok(listed.length > 0 && listed.every((id) => id.stem !== undefined));
    assert.deepEqual(rekeyed.features, buildFeatures(record, tokenize, 'k2', CLINIC_KEY));
  });

  it('cannot re-key a record whose key is no longer configured', () => {
    const record = normalized();
    const old = service(k1);
    const stored = {
      id: 'x',
      source: 'clinic',
      keyId: 'k1',
      sourceIdToken: 't',
      sourceIdEnc: old.encrypt('MRN-77', CIPHER_CONTEXT.sourceId, 't'),
      identifiersEnc: null,
      features: buildFeatures(record, old.tokenizer, 'k1', CLINIC_KEY),
      demographics: demographicsOf(record),
    };
    assert.throws(() => rekeyRecord(stored, service(k2), model), /not configured/);
  });

  it('rebuilds the normalized record from features and identifiers', () => {
    const record = normalized();
    const rebuilt = normalizedFromStored(
      buildFeatures(record, service(k1).tokenizer, 'k1'),
      identifiersOf(record),
    );
    for (const key of Object.keys(record) as (keyof NormalizedRecord)[]) {
      if (key !== 'issues') assert.deepEqual(rebuilt[key], record[key], key);
    }
  });
});
