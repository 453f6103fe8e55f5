import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capabilityStatement } from '../../src/fhir/capability-statement';
import { addressCase, stateCase, suffixCase, titleCase } from '../../src/fhir/display-case';
import { loadFhirConfig } from '../../src/config/fhir-section';
import { goldenPatient, recordPatient, replacedPatient } from '../../src/fhir/patient-mapping';
import { PersonSnapshot, RecordSnapshot } from '../../src/fhir/patient-snapshot';
import { Demographics } from '../../src/formats/demographics';
import { assertFp, assertValidFhir } from '../support/fhir-conformance';

const DEMOGRAPHICS: Demographics = {
  givenName: 'jane',
  middleName: 'ann marie',
  familyName: 'garcia-lopez',
  suffix: 'iii',
  birthDate: '1990-01-01',
  sex: 'female',
  addressLine: '12 n oak st apt 4',
  city: 'salem',
  state: 'or',
  postalCode: '97301',
  mothersMaidenName: 'obrien',
  multipleBirth: 2,
};

const RECORD: RecordSnapshot = {
  recordId: 'r1',
  source: 'st-mary',
  sourceId: 'J-1',
  identifiers: {
    ssn: '512441111',
    phone: '5035550101',
    email: 'jane@example.com',
    otherIdentifiers: [{ system: 'urn:oid:1.2.3', value: 'D123' }],
  },
  demographics: DEMOGRAPHICS,
  changedAt: '2025-01-01T00:00:00.000Z',
  version: 3,
  personId: 'p1',
};

const SECOND: RecordSnapshot = {
  ...RECORD,
  recordId: 'r2',
  source: 'county-lab',
  sourceId: 'L-77',
  identifiers: { ssn: '512441111', phone: null, email: null, otherIdentifiers: [] },
};

const PERSON: PersonSnapshot = {
  id: 'p1',
  status: 'active',
  mergedInto: null,
  version: 7,
  updatedAt: '2025-01-02T00:00:00.000Z',
  golden: {
    givenName: { value: 'jane', recordId: 'r1', source: 'st-mary', strategy: 'only-value' },
    familyName: {
      value: 'garcia-lopez',
      recordId: 'r2',
      source: 'county-lab',
      strategy: 'source-trust',
    },
    birthDate: {
      value: '1990-01-01',
      recordId: 'r1',
      source: 'st-mary',
      strategy: 'most-frequent',
    },
    sex: { value: 'female', recordId: null, source: null, strategy: 'pinned' },
    postalCode: { value: '97301', recordId: 'r1', source: 'st-mary', strategy: 'most-recent' },
  },
};

describe('display case: folded values written readably', () => {
  it('title-cases names (hyphenated parts too), upper-cases state codes and roman suffixes', () => {
    assert.equal(titleCase('garcia-lopez'), 'Garcia-Lopez');
    assert.equal(titleCase('de la cruz'), 'De La Cruz');
    assert.equal(titleCase('émile'), 'Émile');
    assert.equal(addressCase('12 n oak st apt 4b'), '12 N Oak St Apt 4b');
    assert.equal(stateCase('or'), 'OR');
    assert.equal(stateCase('new south wales'), 'New South Wales');
    assert.equal(suffixCase('iii'), 'III');
    assert.equal(suffixCase('jr'), 'Jr');
  });
});

describe('goldenPatient: a person as a Patient', () => {
  const patient = goldenPatient(PERSON, [RECORD, SECOND]);

  it('is valid R4 with the golden values, readable', () => {
    assertValidFhir(patient, 'golden Patient');
    assertFp(patient, "id = 'p1' and active = true and meta.versionId = '7'");
    assertFp(
      patient,
      "name.family = 'Garcia-Lopez' and name.given = 'Jane' and gender = 'female' and birthDate = @1990-01-01",
    );
    assertFp(patient, "address.postalCode = '97301' and address.line.empty()");
  });

  it('carries the identifiers and contact points of all records, each once', () => {
    assertFp(patient, "identifier.where(type.coding.code = 'MR').value = 'J-1' | 'L-77'");
    assertFp(patient, "identifier.where(system = 'http://hl7.org/fhir/sid/us-ssn').count() = 1");
    assertFp(patient, "identifier.where(system = 'urn:oid:1.2.3').value = 'D123'");
    assertFp(
      patient,
      "telecom.where(system = 'phone').value = '5035550101' and telecom.where(system = 'email').exists()",
    );
  });

  it('has one provenance extension per golden field and a seealso link per record', () => {
    const provenance =
      "extension.where(url = 'urn:mpi:fhir:StructureDefinition/golden-provenance')";
    assertFp(patient, `${provenance}.count() = 5`);
    assertFp(
      patient,
      `${provenance}.where(extension('element').value = 'familyName').extension('record').value.reference = 'Patient/r2'`,
    );
    assertFp(
      patient,
      `${provenance}.where(extension('element').value = 'sex').extension('strategy').value = 'pinned'`,
    );
    assertFp(
      patient,
      `${provenance}.where(extension('element').value = 'sex').extension('record').empty()`,
    );
    assertFp(patient, "link.where(type = 'seealso').other.reference = 'Patient/r1' | 'Patient/r2'");
  });

  it('leaves out empty lists (FHIR forbids them)', () => {
    const bare = goldenPatient({ ...PERSON, golden: {} }, []);
    assertValidFhir(bare, 'empty golden Patient');
    assert.deepEqual(Object.keys(bare).sort(), ['active', 'id', 'meta', 'resourceType']);
  });
});

describe('recordPatient and replacedPatient', () => {
  it('a source record refers to its person and shows its own demographics', () => {
    const patient = recordPatient(RECORD);
    assertValidFhir(patient, 'record Patient');
    assertFp(patient, "id = 'r1' and link.type = 'refer' and link.other.reference = 'Patient/p1'");
    assertFp(
      patient,
      "name.given = 'Jane' | 'Ann' | 'Marie' and name.suffix = 'III' and multipleBirth = 2",
    );
    assertFp(
      patient,
      "address.line = '12 N Oak St Apt 4' and address.city = 'Salem' and address.state = 'OR'",
    );
    assertFp(
      patient,
      "extension('http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName').value = 'Obrien'",
    );
  });

  it('a merged-away person is an inactive Patient replaced-by its survivor, with no data of its own', () => {
    const patient = replacedPatient('old', 'new', '2025-01-01T00:00:00.000Z');
    assertValidFhir(patient, 'replaced Patient');
    assertFp(
      patient,
      "active = false and link.type = 'replaced-by' and link.other.reference = 'Patient/new' and name.empty()",
    );
  });
});

describe('capabilityStatement and loadFhirConfig', () => {
  it('is a valid CapabilityStatement naming Patient search parameters, $match (with the minimum) and $ihe-pix', () => {
    const statement = capabilityStatement({
      baseUrl: 'http://mpi.test/fhir',
      date: '2025-01-01T00:00:00.000Z',
      softwareVersion: '1.0.0',
      config: loadFhirConfig({}),
      security: { cors: false },
    });
    assertValidFhir(statement, 'CapabilityStatement');
    assertFp(
      statement,
      "rest.resource.where(type = 'Patient').operation.where(name = 'match').documentation.contains('Minimum input')",
    );
    assertFp(statement, "rest.resource.where(type = 'Patient').operation.name contains 'ihe-pix'");
  });

  it('reads the count settings, with defaults and checks', () => {
    assert.deepEqual(loadFhirConfig({}), {
      matchCountDefault: 10,
      matchCountMax: 50,
      searchCountDefault: 20,
      searchCountMax: 100,
      searchQuotaPerMinute: 120,
    });
    assert.deepEqual(loadFhirConfig({ MPI_MATCH_COUNT_MAX: '5' }).matchCountDefault, 5);
    assert.throws(
      () => loadFhirConfig({ MPI_MATCH_COUNT_DEFAULT: '20', MPI_MATCH_COUNT_MAX: '10' }),
      /must not exceed/,
    );
    assert.throws(() => loadFhirConfig({ MPI_SEARCH_COUNT_MAX: '0' }), /integer from 1/);
  });
});
