import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FhirPatientRepository } from '../../src/fhir/fhir-patient.repository';
import { IdentifierCriteria } from '../../src/fhir/identifier-criteria';
import { NO_RECORD, RecordCriterion } from '../../src/fhir/record-criteria';
import { SSN_SYSTEM } from '../../src/formats/fhir-patient';
import { Seeded, Services, newPerson, startServices } from '../support/service-context';

const LICENCE = 'urn:oid:2.16.840.1.113883.4.3.25';

/**
 * The typed criteria of search and identifier lookups, compiled to SQL by the repository and
 * run against PostgreSQL: each kind finds the records it names and no other.
 */
describe('FhirPatientRepository: record criteria against PostgreSQL', () => {
  let s: Services;
  let repository: FhirPatientRepository;
  let identifiers: IdentifierCriteria;
  let wilhelmina: Seeded;
  let bartholomew: Seeded;

  before(async () => {
    s = await startServices('record_criteria');
    repository = s.get(FhirPatientRepository);
    identifiers = s.get(IdentifierCriteria);
    wilhelmina = await newPerson(s, {
      source: 'crit-hospital',
      source_id: 'MRN-100',
      given_name: 'Wilhelmina',
      middle_name: 'Rosalind',
      family_name: 'Quackenbush',
      birth_date: '1962-03-15',
      sex: 'female',
      ssn: '524-71-3380',
      phone: '617-555-0101',
      email: 'wq@example.org',
      postal_code: '02139',
      other_identifiers: `${LICENCE}|D123-456`,
    });
    bartholomew = await newPerson(s, {
      source: 'crit-clinic',
      source_id: 'C-9',
      given_name: 'Bartholomew',
      family_name: 'Quackenbusher',
      birth_date: '1990-07-01',
      sex: 'male',
      postal_code: '10001',
    });
  });
  after(() => s.close());

  async function found(criterion: RecordCriterion): Promise<string[]> {
    const rows = await repository.recordsMeeting(s.dataSource.manager, criterion, 10);
    return rows.map((r) => r.id).sort();
  }

  const both = (): string[] => [wilhelmina.recordId, bartholomew.recordId].sort();

  it('identifier lookups: record key, SSN, phone, e-mail and a further identifier', async () => {
    assert.deepEqual(await found(identifiers.identifier('crit-hospital', 'MRN-100')), [
      wilhelmina.recordId,
    ]);
    assert.deepEqual(await found(identifiers.identifier('crit-hospital', 'MRN-101')), []);
    assert.deepEqual(await found(identifiers.identifier(SSN_SYSTEM, '524713380')), [
      wilhelmina.recordId,
    ]);
    assert.deepEqual(await found(identifiers.phone('(617) 555-0101')), [wilhelmina.recordId]);
    assert.deepEqual(await found(identifiers.email('WQ@example.org')), [wilhelmina.recordId]);
    // Punctuated differently: normalized as ingest does, so the same token.
    assert.deepEqual(await found(identifiers.identifier(LICENCE, 'd123456')), [
      wilhelmina.recordId,
    ]);
    // A placeholder SSN is no SSN: it finds nothing rather than every placeholder.
    assert.deepEqual(identifiers.ssn('999-99-9999'), NO_RECORD);
    assert.deepEqual(await found(NO_RECORD), []);
  });

  it('many record keys at once, and the record linked to a person', async () => {
    const keys = [
      identifiers.recordKey('crit-hospital', 'MRN-100'),
      identifiers.recordKey('crit-clinic', 'C-9'),
      identifiers.recordKey('crit-clinic', 'C-10'),
    ];
    assert.deepEqual(await found({ kind: 'recordKeys', keys }), both());
    assert.deepEqual(await found({ kind: 'linkedTo', personId: bartholomew.personId }), [
      bartholomew.recordId,
    ]);
  });

  it('demographic text by prefix or whole, with LIKE wildcards taken literally', async () => {
    const family = (value: string, exact: boolean): RecordCriterion => ({
      kind: 'demographicText',
      field: 'familyName',
      value,
      exact,
    });
    assert.deepEqual(await found(family('quackenbush', false)), both());
    assert.deepEqual(await found(family('quackenbush', true)), [wilhelmina.recordId]);
    assert.deepEqual(await found(family('quack%', false)), []);
    assert.deepEqual(await found(family('quackenbus_', true)), []);
    assert.deepEqual(
      await found({ kind: 'demographicText', field: 'middleName', value: 'ros', exact: false }),
      [wilhelmina.recordId],
    );
    assert.deepEqual(
      await found({ kind: 'demographicText', field: 'postalCode', value: '100', exact: false }),
      [bartholomew.recordId],
    );
    assert.deepEqual(await found({ kind: 'sex', sex: 'male' }), [bartholomew.recordId]);
  });

  it('birth dates against a range, and any of several criteria', async () => {
    const born = (comparison: RecordCriterion & { kind: 'birthDate' }): Promise<string[]> =>
      found(comparison);
    const range = { low: '1962-01-01', high: '1962-12-31' };
    assert.deepEqual(await born({ kind: 'birthDate', comparison: { op: 'between', ...range } }), [
      wilhelmina.recordId,
    ]);
    assert.deepEqual(await born({ kind: 'birthDate', comparison: { op: 'outside', ...range } }), [
      bartholomew.recordId,
    ]);
    assert.deepEqual(
      await born({ kind: 'birthDate', comparison: { op: '>=', value: '1970-01-01' } }),
      [bartholomew.recordId],
    );
    assert.deepEqual(await found({ kind: 'anyOf', criteria: [] }), []);
    assert.deepEqual(
      await found({
        kind: 'anyOf',
        criteria: [NO_RECORD, { kind: 'sex', sex: 'male' }, identifiers.phone('6175550101')],
      }),
      both(),
    );
  });

  it('a search meets every criterion, one page at a time', async () => {
    const manager = s.dataSource.manager;
    const quack: RecordCriterion = {
      kind: 'demographicText',
      field: 'familyName',
      value: 'quack',
      exact: false,
    };
    const all = await repository.searchPersons(manager, [quack], 10, 0);
    assert.deepEqual(all.ids, [wilhelmina.personId, bartholomew.personId].sort());
    assert.equal(all.total, 2);
    const page = await repository.searchPersons(manager, [quack], 1, 1);
    assert.deepEqual(page, { ids: [all.ids[1]], total: 2 });
    const women = await repository.searchPersons(
      manager,
      [quack, { kind: 'sex', sex: 'female' }],
      10,
      0,
    );
    assert.deepEqual(women, { ids: [wilhelmina.personId], total: 1 });
  });
});
