import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FieldResult } from '../../src/matching/normalize/field-result';
import { normalizeEmail } from '../../src/matching/normalize/email';

const notAnAddress = 'email is not an e-mail address, treated as missing';
const placeholder = 'email is a placeholder address, treated as missing';

describe('normalizeEmail', () => {
  const cases: [string, FieldResult<string>][] = [
    ['', { ok: true, value: null }],
    ['  John.Smith@Example.COM ', { ok: true, value: 'john.smith@example.com' }],
    ['j+tag@mail.co.uk', { ok: true, value: 'j+tag@mail.co.uk' }],
    ['josé@exämple.de', { ok: true, value: 'josé@exämple.de' }],
    ['john smith@example.com', { ok: true, value: null, issue: notAnAddress }],
    ['john@localhost', { ok: true, value: null, issue: notAnAddress }],
    ['john@@example.com', { ok: true, value: null, issue: notAnAddress }],
    ['john@example..com', { ok: true, value: null, issue: notAnAddress }],
    ['refused', { ok: true, value: null, issue: notAnAddress }],
    ['none@none.com', { ok: true, value: null, issue: placeholder }],
    ['NoEmail@hospital.org', { ok: true, value: null, issue: placeholder }],
  ];
  for (const [raw, expected] of cases) {
    it(`reads ${JSON.stringify(raw)}`, () => assert.deepEqual(normalizeEmail(raw), expected));
  }
});
