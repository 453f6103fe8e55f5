import {
  IdentifierToken,
  MatchFeatures,
  OtherIdentifierToken,
} from '../../src/matching/record-types';

/**
 * MatchFeatures built by hand for the engine's unit tests, so they depend on nothing but the
 * type. Tokens are readable stand-ins (`ssn:123456789`) with real deletion variants and a
 * stem, as `tokenizeIdentifier` makes them.
 */
export function token(domain: string, value: string): IdentifierToken {
  const variants = new Set<string>();
  for (let i = 0; i < value.length; i++)
    variants.add(`${domain}:${value.slice(0, i)}${value.slice(i + 1)}`);
  return {
    token: `${domain}:${value}`,
    variants: [...variants].sort(),
    stem: `stem|${domain}:${value.slice(0, -1)}`,
  };
}

/** A token as stored before stems existed: variants, but no stem. */
export function tokenWithoutStem(domain: string, value: string): IdentifierToken {
  const { token: t, variants } = token(domain, value);
  return { token: t, variants };
}

export function otherId(system: string, value: string): OtherIdentifierToken {
  return { system, ...token(`other-id|${system}`, value) };
}

/** Every field missing: the neutral record. */
export const EMPTY: MatchFeatures = {
  keyId: 'k1',
  given: null,
  givenCanonical: null,
  givenNicknameGroup: [],
  givenMetaphone: null,
  middle: null,
  family: null,
  familyParts: [],
  familyMetaphone: null,
  suffix: null,
  birthDate: null,
  sex: null,
  ssn: null,
  phone: null,
  email: null,
  addressLine: null,
  city: null,
  state: null,
  postalCode: null,
  mothersMaidenName: null,
  multipleBirth: null,
  otherIdentifiers: [],
};

export function features(overrides: Partial<MatchFeatures> = {}): MatchFeatures {
  return { ...EMPTY, ...overrides };
}

/** A full-featured record: William "Bill" Garcia Lopez. */
export const WILLIAM: MatchFeatures = features({
  given: 'william',
  givenCanonical: 'william',
  givenNicknameGroup: ['william'],
  givenMetaphone: 'ALM',
  middle: 'james',
  family: 'garcia lopez',
  familyParts: ['garcia', 'lopez'],
  familyMetaphone: 'KRSLPS',
  birthDate: '1980-07-04',
  sex: 'male',
  ssn: token('ssn', '219099998'),
  phone: token('phone', '5551234567'),
  email: { token: 'email:bill@example.com', variants: [] },
  addressLine: '123 n main st apt 4',
  city: 'springfield',
  state: 'il',
  postalCode: '62704',
  mothersMaidenName: 'oneil',
  multipleBirth: null,
  otherIdentifiers: [otherId('medicaid', 'AB1234567')],
});
