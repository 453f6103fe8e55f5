import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_FIELD_LENGTH,
  MAX_OTHER_IDENTIFIERS_LENGTH,
  normalizeRecord,
} from '../../src/matching/normalize/normalize-record';
import { parseReferenceTables } from '../../src/matching/normalize/reference-tables';
import {
  CANONICAL_COLUMNS,
  CanonicalRecord,
  NormalizedRecord,
} from '../../src/matching/record-types';

const tables = parseReferenceTables({
  nicknameCsvs: [
    'name1,relationship,name2\nwilliam,has_nickname,bill\nelizabeth,has_nickname,liz\n',
  ],
  givenNamesTxt: 'william\nelizabeth\n',
  nonNames: { givenTxt: 'mom\nson of\n', familyTxt: 'unknown\ndont know\n' },
});
const today = '2025-06-15';

const full: CanonicalRecord = {
  source: 'clinic-a',
  source_id: 'MRN-1',
  given_name: 'Bill',
  middle_name: 'J.',
  family_name: 'García-López Jr.',
  birth_date: '19800704',
  sex: 'M',
  ssn: '219-09-9998',
  phone: '+1 (555) 123-4567',
  email: ' Bill@Example.com ',
  address_line: '123 North Main Street, Apt #4',
  city: 'Springfield',
  state: 'Illinois',
  postal_code: '62704-1234',
  mothers_maiden_name: "O'Neil",
  multiple_birth: '2',
  other_identifiers: 'Medicaid|AB-123;dl-il|S123 4567',
};

describe('normalizeRecord', () => {
  it('normalizes every field of a full record', () => {
    assert.deepEqual(normalizeRecord(full, tables, { today }), {
      record: {
        givenName: 'bill',
        givenCanonical: 'william',
        givenNicknameGroup: ['william'],
        givenKnown: true,
        givenMistyped: false,
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
        otherIdentifiers: [
          { system: 'medicaid', value: 'AB123' },
          { system: 'dl-il', value: 'S1234567' },
        ],
        issues: [],
      },
    });
  });

  it('gives an all-missing record for just a key', () => {
    const result = normalizeRecord({ source: 's', source_id: '1' }, tables, { today });
    assert.ok('record' in result);
    assert.deepEqual(result.record.familyParts, []);
    assert.deepEqual(result.record.otherIdentifiers, []);
    assert.equal(result.record.birthDate, null);
  });

  it('treats JSON nulls and empty cells as missing', () => {
    const withNulls = { given_name: null, ssn: '', sex: ' ' } as unknown as CanonicalRecord;
    const result = normalizeRecord(withNulls, tables, { today });
    assert.ok('record' in result);
    assert.equal(result.record.givenName, null);
    assert.equal(result.record.sex, null);
  });

  it('keeps the reason of every dropped placeholder', () => {
    const result = normalizeRecord(
      { ssn: '999-99-9999', birth_date: '1900-01-01', phone: '000-000-0000', postal_code: '00000' },
      tables,
      { today },
    );
    assert.ok('record' in result);
    assert.deepEqual(
      result.record.issues.map((issue) => issue.field),
      ['birth_date', 'ssn', 'phone', 'postal_code'],
    );
    assert.equal(result.record.ssn, null);
  });

  it('reports every hard error at once', () => {
    const result = normalizeRecord(
      {
        birth_date: '2023-02-30',
        sex: 'boy',
        multiple_birth: 'twin',
        other_identifiers: 'nopipe',
        ssn: '999-99-9999',
      },
      tables,
      { today },
    );
    assert.deepEqual(result, {
      errors: [
        { field: 'birth_date', reason: 'birth_date is not a valid calendar date' },
        { field: 'sex', reason: 'sex must be one of male, female, other, unknown' },
        {
          field: 'multiple_birth',
          reason: 'multiple_birth must be a birth order (1, 2, ...) or true/false',
        },
        {
          field: 'other_identifiers',
          reason: 'other_identifiers entry 1 is not a system|value pair',
        },
      ],
    });
  });

  it('drops an impossible birth date instead when asked to', () => {
    const result = normalizeRecord({ birth_date: '2023-02-30', given_name: 'Ann' }, tables, {
      today,
      invalidBirthDate: 'drop',
    });
    assert.ok('record' in result);
    assert.equal(result.record.birthDate, null);
    assert.deepEqual(result.record.issues, [
      {
        field: 'birth_date',
        reason: 'birth_date is not a valid calendar date, treated as missing',
      },
    ]);
  });

  it('rejects over-long and non-text values', () => {
    const result = normalizeRecord(
      {
        family_name: 'x'.repeat(MAX_FIELD_LENGTH + 1),
        given_name: 'x'.repeat(MAX_FIELD_LENGTH),
        other_identifiers: `a|${'1'.repeat(MAX_OTHER_IDENTIFIERS_LENGTH)}`,
        city: 42 as unknown as string,
      },
      tables,
      { today },
    );
    assert.deepEqual(result, {
      errors: [
        {
          field: 'family_name',
          reason: `family_name is longer than ${MAX_FIELD_LENGTH} characters`,
        },
        { field: 'city', reason: 'city must be text' },
        {
          field: 'other_identifiers',
          reason: `other_identifiers is longer than ${MAX_OTHER_IDENTIFIERS_LENGTH} characters`,
        },
      ],
    });
  });

  it('never puts a submitted value into an error or issue', () => {
    const columns = CANONICAL_COLUMNS.filter((c) => c !== 'source' && c !== 'source_id');
    const value = fc.string({ minLength: 6, maxLength: 40 }).filter((s) => /[0-9@#%&!]/.test(s));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...columns), value), (input) => {
        const result = normalizeRecord(input, tables, { today });
        const reasons = 'errors' in result ? result.errors : result.record.issues;
        for (const { reason } of reasons) {
          for (const submitted of Object.values(input))
            assert.ok(!reason.includes(submitted.trim()));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent: normalizing its own output changes nothing', () => {
    fc.assert(
      fc.property(canonicalRecords(), (input) => {
        const once = normalizeRecord(input, tables, { today });
        if ('errors' in once) return;
        const again = normalizeRecord(toCanonical(once.record), tables, { today });
        assert.ok('record' in again);
        assert.deepEqual({ ...again.record, issues: [] }, { ...once.record, issues: [] });
      }),
      { numRuns: 1000 },
    );
  });
});

/** Messy but plausible records: names with accents and punctuation, any date, loose codes. */
function canonicalRecords(): fc.Arbitrary<CanonicalRecord> {
  const name = fc.constantFrom(
    'Bill',
    'Liz',
    'Zoë',
    "O'Brien",
    'García-López Jr.',
    'de la Cruz',
    'Smith III',
    'Ann Marie',
    ' ',
    'Dr. Mary',
  );
  const digits = (n: number): fc.Arbitrary<string> =>
    fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
  return fc.record(
    {
      given_name: name,
      middle_name: name,
      family_name: name,
      suffix: fc.constantFrom('Jr.', 'senior', 'III', 'MD', ''),
      birth_date: fc.oneof(
        digits(8),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      ),
      sex: fc.constantFrom('M', 'female', 'u', 'Other'),
      ssn: fc.oneof(digits(9), fc.constantFrom('123-45-6789', '219-09-9998')),
      phone: fc.oneof(digits(10), digits(11), fc.constantFrom('+44 20 7946 0958', '555-1234 x2')),
      email: fc.constantFrom('A.B@Example.com', 'bad', 'none@none.com'),
      address_line: fc.constantFrom(
        '123 North Main Street Apt #4',
        'P.O. Box 7',
        'Flat 2, 10 Downing St',
      ),
      city: name,
      state: fc.constantFrom('CA', 'New South Wales', 'ontario'),
      postal_code: fc.oneof(digits(5), digits(9), fc.constantFrom('SW1A 1AA', '4011')),
      mothers_maiden_name: name,
      multiple_birth: fc.constantFrom('1', '2', 'true', 'false'),
      other_identifiers: fc.constantFrom('', 'medicaid|AB-1', 'a|1;b|x-2;a|1'),
    },
    { requiredKeys: [] },
  );
}

function toCanonical(record: NormalizedRecord): CanonicalRecord {
  const text = (value: string | number | boolean | null): string | undefined =>
    value === null ? undefined : String(value);
  return {
    given_name: text(record.givenName),
    middle_name: text(record.middleName),
    family_name: text(record.familyName),
    suffix: text(record.suffix),
    birth_date: text(record.birthDate),
    sex: text(record.sex),
    ssn: text(record.ssn),
    phone: text(record.phone),
    email: text(record.email),
    address_line: text(record.addressLine),
    city: text(record.city),
    state: text(record.state),
    postal_code: text(record.postalCode),
    mothers_maiden_name: text(record.mothersMaidenName),
    multiple_birth: text(record.multipleBirth),
    other_identifiers: record.otherIdentifiers.map((id) => `${id.system}|${id.value}`).join(';'),
  };
}
