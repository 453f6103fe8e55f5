import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goldenTelecom } from '../../src/fhir/golden-telecom';
import { RecordSnapshot } from '../../src/fhir/patient-snapshot';
import { Demographics } from '../../src/formats/demographics';

const record = (
  recordId: string,
  eventAt: string | undefined,
  phone: string | null,
  email: string | null,
): RecordSnapshot => ({
  recordId,
  source: 's',
  sourceId: recordId,
  identifiers: { ssn: null, phone, email, otherIdentifiers: [] },
  demographics: {} as Demographics,
  changedAt: '2020-01-01T00:00:00.000Z',
  ...(eventAt ? { eventAt } : {}),
  version: 1,
  personId: 'p',
});

describe('golden contacts', () => {
  it('puts the newest registration’s contacts first, together, ranked 1', () => {
    const telecom = goldenTelecom([
      record('a', '2024-05-01T00:00:00.000Z', '5035550100', 'new@example.com'),
      record('b', '2019-05-01T00:00:00.000Z', '5035550199', 'old@example.com'),
      record('c', '2025-01-01T00:00:00.000Z', null, null),
    ]);
    assert.deepEqual(telecom, [
      { system: 'phone', value: '5035550100', rank: 1 },
      { system: 'email', value: 'new@example.com', rank: 1 },
      { system: 'phone', value: '5035550199' },
      { system: 'email', value: 'old@example.com' },
    ]);
  });

  it('falls back to the write time when a record has no event time', () => {
    const [first] = goldenTelecom([
      record('a', undefined, '5035550100', null),
      record('b', '2021-01-01T00:00:00.000Z', '5035550199', null),
    ]);
    assert.equal(first?.value, '5035550199');
  });
});
