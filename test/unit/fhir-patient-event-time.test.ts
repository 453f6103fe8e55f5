import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { patientToCanonical } from '../../src/formats/patient-to-canonical';

const patient = (meta?: unknown) => ({
  resourceType: 'Patient',
  ...(meta === undefined ? {} : { meta }),
  identifier: [
    {
      type: { coding: [{ code: 'MR' }] },
      system: 'urn:h',
      value: 'H-1',
    },
  ],
  name: [{ family: 'Okafor', given: ['Ada'] }],
});

const CASES: [string, unknown, string | undefined | 'error'][] = [
  ['no meta', undefined, undefined],
  ['meta without lastUpdated', { versionId: '3' }, undefined],
  ['an instant in UTC', { lastUpdated: '2024-06-01T09:00:00Z' }, '2024-06-01T09:00:00.000Z'],
  [
    'an offset, read as UTC',
    { lastUpdated: '2019-02-01T09:00:00+01:00' },
    '2019-02-01T08:00:00.000Z',
  ],
  [
    'fractions of a second',
    { lastUpdated: '2024-06-01T09:00:00.123456Z' },
    '2024-06-01T09:00:00.123Z',
  ],
  ['a date without a time', { lastUpdated: '2024-06-01' }, 'error'],
  ['no zone', { lastUpdated: '2024-06-01T09:00:00' }, 'error'],
  ['not text', { lastUpdated: 20240601 }, 'error'],
  ['an impossible date', { lastUpdated: '2024-02-31T09:00:00Z' }, 'error'],
];

describe('a FHIR Patient\u2019s event time (meta.lastUpdated)', () => {
  for (const [name, meta, expected] of CASES) {
    it(`${name} -> ${expected ?? 'none'}`, () => {
      const mapped = patientToCanonical(patient(meta));
      if (expected === 'error') {
        assert.ok('errors' in mapped);
        assert.equal(mapped.errors[0]?.location, 'Patient.meta.lastUpdated');
      } else {
        assert.ok('record' in mapped);
        assert.equal(mapped.record.eventAt, expected);
      }
    });
  }
});
