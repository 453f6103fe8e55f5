import { GOLDEN_FIELDS, GoldenField, GoldenRecord } from '../linkage/golden-record';
import { Demographics } from '../formats/demographics';
import { addressCase, postalCodeCase, stateCase, suffixCase, titleCase } from './display-case';
import {
  FhirAddress,
  FhirExtension,
  FhirHumanName,
  FhirPatient,
  MOTHERS_MAIDEN_NAME_URL,
} from '../formats/fhir-patient';
import { GOLDEN_PROVENANCE_URL } from './fhir-resources';
import { goldenTelecom } from './golden-telecom';
import { distinctBySystemValue, recordIdentifiers, recordTelecom } from './patient-identifiers';
import { PersonSnapshot, RecordSnapshot } from './patient-snapshot';

/**
 * Persons and source records as R4 Patients (pure). A golden Patient carries the chosen
 * value of each field, the identifiers and contact points of all its records, one provenance
 * extension per golden field and a `seealso` link to each record; a source record's Patient
 * `refer`s to its person; a merged-away person is an inactive Patient `replaced-by` its survivor.
 */

/** Where each golden field shows in a Patient (FHIRPath), for the provenance extension. */
const FIELD_PATHS: Record<GoldenField, string> = {
  givenName: 'Patient.name.given[0]',
  middleName: 'Patient.name.given.tail()',
  familyName: 'Patient.name.family',
  suffix: 'Patient.name.suffix',
  birthDate: 'Patient.birthDate',
  sex: 'Patient.gender',
  addressLine: 'Patient.address.line',
  city: 'Patient.address.city',
  state: 'Patient.address.state',
  postalCode: 'Patient.address.postalCode',
  mothersMaidenName: `Patient.extension('${MOTHERS_MAIDEN_NAME_URL}')`,
  multipleBirth: 'Patient.multipleBirth',
};

type Values = Partial<Demographics>;

export function goldenPatient(person: PersonSnapshot, records: RecordSnapshot[]): FhirPatient {
  const values = goldenValues(person.golden);
  const provenance = GOLDEN_FIELDS.flatMap((field) => provenanceExtension(field, person.golden));
  return dropEmpty({
    resourceType: 'Patient',
    id: person.id,
    meta: { versionId: String(person.version), lastUpdated: person.updatedAt },
    extension: [...demographicExtensions(values), ...provenance],
    identifier: distinctBySystemValue(records.flatMap(recordIdentifiers)),
    active: true,
    ...demographicElements(values),
    telecom: goldenTelecom(records),
    link: records.map((r) => ({ other: { reference: `Patient/${r.recordId}` }, type: 'seealso' })),
  });
}

export function recordPatient(record: RecordSnapshot): FhirPatient {
  return dropEmpty({
    resourceType: 'Patient',
    id: record.recordId,
    meta: { versionId: String(record.version), lastUpdated: record.changedAt },
    extension: demographicExtensions(registeredValues(record)),
    identifier: recordIdentifiers(record),
    active: true,
    ...demographicElements(registeredValues(record)),
    telecom: recordTelecom(record),
    link: record.personId
      ? [{ other: { reference: `Patient/${record.personId}` }, type: 'refer' }]
      : [],
  });
}

/** The answer for a merged-away id: no data of its own, only the pointer to the survivor. */
export function replacedPatient(id: string, survivorId: string, updatedAt: string): FhirPatient {
  return {
    resourceType: 'Patient',
    id,
    meta: { lastUpdated: updatedAt },
    active: false,
    link: [{ other: { reference: `Patient/${survivorId}` }, type: 'replaced-by' }],
  };
}

/** A source record's values, its names in the form the source registered them. */
function registeredValues(record: RecordSnapshot): Values {
  const { registered, ...values } = record.demographics;
  return { ...values, ...registered };
}

function goldenValues(golden: GoldenRecord): Values {
  const values: Record<string, unknown> = {};
  for (const field of GOLDEN_FIELDS) values[field] = golden[field]?.value ?? null;
  return values as Values;
}

function provenanceExtension(field: GoldenField, golden: GoldenRecord): FhirExtension[] {
  const chosen = golden[field];
  if (!chosen || chosen.value === null) return [];
  return [
    {
      url: GOLDEN_PROVENANCE_URL,
      extension: [
        { url: 'element', valueCode: field },
        { url: 'path', valueString: FIELD_PATHS[field] },
        { url: 'strategy', valueCode: chosen.strategy },
        ...(chosen.reason ? [{ url: 'reason', valueString: chosen.reason }] : []),
        ...(chosen.recordId
          ? [{ url: 'record', valueReference: { reference: `Patient/${chosen.recordId}` } }]
          : []),
        ...(chosen.source ? [{ url: 'source', valueString: chosen.source }] : []),
      ],
    },
  ];
}

function demographicExtensions(values: Values): FhirExtension[] {
  return values.mothersMaidenName
    ? [{ url: MOTHERS_MAIDEN_NAME_URL, valueString: titleCase(values.mothersMaidenName) }]
    : [];
}

function demographicElements(values: Values): Partial<FhirPatient> {
  const name = humanName(values);
  const address = fhirAddress(values);
  return {
    ...(name ? { name: [name] } : {}),
    ...(values.sex ? { gender: values.sex } : {}),
    ...(values.birthDate ? { birthDate: values.birthDate } : {}),
    ...(address ? { address: [address] } : {}),
    ...(typeof values.multipleBirth === 'number'
      ? { multipleBirthInteger: values.multipleBirth }
      : {}),
    ...(typeof values.multipleBirth === 'boolean'
      ? { multipleBirthBoolean: values.multipleBirth }
      : {}),
  };
}

function humanName(values: Values): FhirHumanName | null {
  const given = [values.givenName, ...(values.middleName ?? '').split(' ')]
    .filter((g): g is string => !!g)
    .map(titleCase);
  if (!values.familyName && given.length === 0) return null;
  return {
    use: 'official',
    ...(values.familyName ? { family: titleCase(values.familyName) } : {}),
    ...(given.length > 0 ? { given } : {}),
    ...(values.suffix ? { suffix: [suffixCase(values.suffix)] } : {}),
  };
}

function fhirAddress(values: Values): FhirAddress | null {
  if (!values.addressLine && !values.city && !values.state && !values.postalCode) return null;
  return {
    use: 'home',
    ...(values.addressLine ? { line: [addressCase(values.addressLine)] } : {}),
    ...(values.city ? { city: titleCase(values.city) } : {}),
    ...(values.state ? { state: stateCase(values.state) } : {}),
    ...(values.postalCode ? { postalCode: postalCodeCase(values.postalCode) } : {}),
  };
}

/** FHIR forbids empty arrays: leave out the lists that have nothing in them. */
function dropEmpty(patient: FhirPatient): FhirPatient {
  const copy: Record<string, unknown> = { ...patient };
  for (const [key, value] of Object.entries(copy))
    if (Array.isArray(value) && value.length === 0) delete copy[key];
  return copy as unknown as FhirPatient;
}
