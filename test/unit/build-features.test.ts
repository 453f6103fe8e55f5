import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { doubleMetaphone } from 'double-metaphone';
import { buildFeatures, metaphone } from '../../src/matching/features/build-features';
import {
  VARIANT_TOKEN_CHARS,
  deletionVariants,
  tokenizeIdentifier,
} from '../../src/matching/features/identifier-tokens';
import { TOKENS_DIFFERENT, tokenRelation } from '../../src/matching/compare/identifier-tokens';
import { identifierRelation } from '../../src/matching/compare/identifier-comparison';
import { IdentifierToken, NormalizedRecord, Tokenizer } from '../../src/matching/record-types';
import { createHmacTokenizer } from '../../src/tokens/hmac-tokenizer';

/** Equal or one edit apart, as the comparisons relate two tokens. */
const withinOneEdit = (a: IdentifierToken, b: IdentifierToken): boolean =>
  tokenRelation(a, b) !== TOKENS_DIFFERENT;

/** A readable stand-in for the keyed tokenizer: pure functions take whatever they are given. */
const plain: Tokenizer = (domain, value) => `${domain}:${value}`;
const keyed = createHmacTokenizer({ id: 'k1', secret: Buffer.alloc(32, 4) }).tokenize;

const record: NormalizedRecord = {
  givenName: 'bill',
  givenCanonical: 'william',
  givenNicknameGroup: ['william'],
  middleName: 'j',
  familyName: 'garcia lopez',
  familyParts: ['garcia', 'lopez'],
  suffix: 'jr',
  birthDate: '1980-07-04',
  sex: 'male',
  ssn: '219099998',
  phone: '5551234567',
  email: 'bill@example.com',
  addressLine: '123 n main st apt 4',
  city: 'springfield',
  state: 'il',
  postalCode: '62704',
  mothersMaidenName: 'oneil',
  multipleBirth: 2,
  otherIdentifiers: [{ system: 'medicaid', value: 'AB123' }],
  issues: [],
};

/** Values one edit from `value`: a substitution, deletion, insertion or transposition. */
const edits = (value: string): fc.Arbitrary<string> =>
  fc.nat({ max: value.length - 1 }).chain((i) =>
    fc.oneof(
      fc.constantFrom(...'0123456789').map((d) => value.slice(0, i) + d + value.slice(i + 1)), // substitution
      fc.constant(value.slice(0, i) + value.slice(i + 1)), // deletion
      fc.constantFrom(...'0123456789').map((d) => value.slice(0, i) + d + value.slice(i)), // insertion
      fc.constant(value.slice(0, i) + (value[i + 1] ?? '') + value[i] + value.slice(i + 2)), // transposition
    ),
  );

describe('buildFeatures', () => {
  it('carries the normalized values and tokenizes identifiers by domain', () => {
    const features = buildFeatures(record, plain, 'k1');
    assert.equal(features.keyId, 'k1');
    assert.equal(features.given, 'bill');
    assert.equal(features.givenCanonical, 'william');
    assert.deepEqual(features.givenNicknameGroup, ['william']);
    assert.equal(features.givenMetaphone, 'PL');
    assert.equal(features.familyMetaphone, metaphone('garcia lopez'));
    assert.deepEqual(features.familyParts, ['garcia', 'lopez']);
    assert.equal(features.ssn?.token, 'ssn:219099998');
    assert.equal(features.ssn?.variants.length, 6); // 2 1 9 0 9999 8: a run gives one variant
    assert.ok(features.ssn?.variants.includes('ssn:21909998'));
    assert.equal(features.phone?.token, 'phone:5551234567');
    assert.deepEqual(features.email, { token: 'email:bill@example.com', variants: [] });
    assert.equal(features.emailLocalPart, 'email-local-part:bill', 'the mailbox name, keyed');
    assert.deepEqual(features.otherIdentifiers, [
      {
        system: 'medicaid',
        token: 'other-id|medicaid:AB123',
        variants: [
          'other-id|medicaid:AB12',
          'other-id|medicaid:AB13',
          'other-id|medicaid:AB23',
          'other-id|medicaid:A123',
          'other-id|medicaid:B123',
        ].sort(),
        stem: 'stem|other-id|medicaid:AB12',
      },
    ]);
    assert.equal(features.multipleBirth, 2);
  });

  it('keeps no raw identifier when the keyed tokenizer is used', () => {
    const json = JSON.stringify(buildFeatures(record, keyed, 'k1'));
    for (const raw of ['219099998', '21909999', '5551234567', 'bill@example.com', 'AB123']) {
      assert.ok(!json.includes(raw), raw);
    }
  });

  it('gives nulls and empty lists for a record with nothing', () => {
    const empty = buildFeatures(
      {
        ...record,
        givenName: null,
        givenCanonical: null,
        givenNicknameGroup: [],
        familyName: null,
        familyParts: [],
        ssn: null,
        phone: null,
        email: null,
        otherIdentifiers: [],
      },
      plain,
      'k1',
    );
    assert.equal(empty.givenMetaphone, null);
    assert.equal(empty.familyMetaphone, null);
    assert.equal(empty.ssn, null);
    assert.equal(empty.emailLocalPart, null);
    assert.deepEqual(empty.otherIdentifiers, []);
    assert.deepEqual(empty.givenNicknameGroup, []);
  });

  it('codes names phonetically, and gives null when nothing is codable', () => {
    assert.equal(metaphone('catherine'), metaphone('katherine'));
    assert.equal(metaphone('catherine'), 'K0RN');
    assert.equal(metaphone('de la cruz'), metaphone('delacruz'));
    assert.equal(metaphone('мария'), null);
    assert.equal(metaphone(null), null);
  });

  it('metaphone gives the same code memoized as coded afresh, past the memo limit too', () => {
    const names = Array.from({ length: 25_000 }, (_, i) => `n${i.toString(36)}son`);
    const first = names.map((name) => metaphone(name));
    assert.deepEqual(
      names.map((name) => metaphone(name)),
      first,
    );
    assert.deepEqual(
      names.slice(0, 50).map((name) => doubleMetaphone(name)[0] || null),
      first.slice(0, 50),
    );
    assert.equal(metaphone('!!'), null);
    assert.equal(metaphone('!!'), null);
  });
});

describe('deletion variants', () => {
  it('lists each distinct one-character deletion once', () => {
    assert.deepEqual(deletionVariants('1223'), ['223', '123', '122']);
    assert.deepEqual(deletionVariants('7'), []);
    assert.deepEqual(deletionVariants('aaaa'), ['aaa']);
  });

  it('gives no variants for e-mail or over-long values', () => {
    assert.deepEqual(tokenizeIdentifier(plain, 'email', 'a@b.co', false).variants, []);
    assert.deepEqual(tokenizeIdentifier(plain, 'other-id|x', '1'.repeat(21), true).variants, []);
  });

  it('gives a stem (the value without its last character) where it gives variants', () => {
    assert.equal(tokenizeIdentifier(plain, 'ssn', '219099998', true).stem, 'stem|ssn:21909999');
    assert.equal(tokenizeIdentifier(plain, 'email', 'a@b.co', false).stem, undefined);
    assert.equal(tokenizeIdentifier(plain, 'other-id|x', '1'.repeat(21), true).stem, undefined);
    assert.equal(tokenizeIdentifier(plain, 'other-id|x', '7', true).stem, undefined);
    // Own domain: the stem is none of the variants, so it marks no position among them.
    const keyedSsn = tokenizeIdentifier(keyed, 'ssn', '219099998', true);
    assert.ok(keyedSsn.stem !== undefined && !keyedSsn.variants.includes(keyedSsn.stem));
  });

  it('gives consecutive numbers one stem and a mid-number typo another', () => {
    const stem = (value: string) => tokenizeIdentifier(keyed, 'ssn', value, true).stem;
    assert.equal(stem('219091234'), stem('219091235'));
    assert.notEqual(stem('219091234'), stem('219081234'));
    assert.notEqual(stem('219091234'), stem('219091243'), 'last two transposed');
  });

  it('tells one edit apart from the tokens alone', () => {
    const ssn = fc.stringMatching(/^[0-9]{9}$/);
    fc.assert(
      fc.property(
        ssn.chain((value) => fc.tuple(fc.constant(value), edits(value))),
        ([a, b]) => {
          const ta = tokenizeIdentifier(keyed, 'ssn', a, true);
          const tb = tokenizeIdentifier(keyed, 'ssn', b, true);
          assert.equal(withinOneEdit(ta, tb), true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps apart values that share no deletion variant', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{9}$/), fc.stringMatching(/^[0-9]{9}$/), (a, b) => {
        fc.pre(shareNoVariant(a, b));
        assert.equal(
          withinOneEdit(
            tokenizeIdentifier(keyed, 'ssn', a, true),
            tokenizeIdentifier(keyed, 'ssn', b, true),
          ),
          false,
        );
      }),
      { numRuns: 500 },
    );
  });
});

/** True when no value or single deletion of one equals the other's. */
describe('cut variant tokens (issue 17)', () => {
  it("cuts an SSN's and phone's variants and stem under the keyed tokenizer, not other identifiers'", () => {
    const features = buildFeatures(
      { ...record, otherIdentifiers: [{ system: 'urn:member', value: '4412345' }] },
      keyed,
      'k1',
    );
    for (const id of [features.ssn, features.phone]) {
      assert.equal(id?.variantChars, VARIANT_TOKEN_CHARS);
      assert.ok(id.variants.length > 0);
      assert.ok([...id.variants, id.stem].every((t) => t?.length === VARIANT_TOKEN_CHARS));
      assert.equal(id.token.length, 22);
    }
    const other = features.otherIdentifiers[0];
    assert.equal(other?.variantChars, undefined);
    assert.ok(other !== undefined && other.variants.every((t) => t.length === 22));
    // A tokenizer without variantChars (the plain stand-in) keeps whole tokens.
    assert.equal(buildFeatures(record, plain, 'k1').ssn?.variantChars, undefined);
  });

  it('relates two numbers as their whole tokens do', () => {
    const ssn = fc.stringMatching(/^[0-9]{9}$/);
    const pair = fc.oneof(
      ssn.chain((value) => fc.tuple(fc.constant(value), edits(value))),
      fc.tuple(ssn, ssn),
      ssn.map((value) => {
        const last = Number(value[8]);
        return [value, value.slice(0, 8) + String((last + 1) % 10)] as [string, string];
      }),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const whole = [a, b].map((v) => tokenizeIdentifier(keyed, 'ssn', v, true)) as [
          IdentifierToken,
          IdentifierToken,
        ];
        const cut = [a, b].map((v) => tokenizeIdentifier(keyed, 'ssn', v, true, true)) as [
          IdentifierToken,
          IdentifierToken,
        ];
        assert.equal(identifierRelation(...cut), identifierRelation(...whole));
        assert.equal(identifierRelation(cut[1], cut[0]), identifierRelation(whole[1], whole[0]));
        assert.equal(withinOneEdit(...cut), withinOneEdit(...whole));
      }),
      { numRuns: 1000 },
    );
  });
});

function shareNoVariant(a: string, b: string): boolean {
  const va = new Set([a, ...deletionVariants(a)]);
  return ![b, ...deletionVariants(b)].some((v) => va.has(v));
}
