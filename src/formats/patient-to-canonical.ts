import { CanonicalRecord } from '../matching/record-types';
import { IngestRecord } from './ingest-record';
import {
  FhirAddress,
  FhirContactPoint,
  FhirHumanName,
  FhirIdentifier,
  FhirPatient,
  MOTHERS_MAIDEN_NAME_URL,
  SSN_SYSTEM,
} from './fhir-patient';

/**
 * What is wrong with a Patient, where: a FHIR path, never a value. The same shape as
 * `MpiErrorDetail`, so a door passes it on as its error's details.
 */
export interface MappingProblem {
  location?: string;
  reason: string;
}

export type PatientMapping = { record: IngestRecord } | { errors: MappingProblem[] };

/** A FHIR `instant`: date, time with seconds, and a zone (Z or an offset). */
const FHIR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * When the source says the registration happened: `meta.lastUpdated`, as an ISO instant in
 * UTC. Survivorship follows the newest registration by it.
 */
function eventTime(body: Record<string, unknown>): { eventAt?: string } | MappingProblem {
  const meta = body.meta;
  const lastUpdated = isObject(meta) ? meta.lastUpdated : undefined;
  if (lastUpdated === undefined) return {};
  const time = typeof lastUpdated === 'string' ? instantTime(lastUpdated) : NaN;
  return Number.isNaN(time)
    ? {
        location: 'Patient.meta.lastUpdated',
        reason: 'Patient.meta.lastUpdated must be an instant',
      }
    : { eventAt: new Date(time).toISOString() };
}

/** Milliseconds of a FHIR instant, NaN unless well-formed and a real day (not 02-31). */
function instantTime(text: string): number {
  if (!FHIR_INSTANT.test(text)) return NaN;
  const day = text.slice(0, 10);
  const real = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(real.getTime()) && real.toISOString().startsWith(day)
    ? Date.parse(text)
    : NaN;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Inside each element of these arrays, the members we read: strings, and arrays of strings. */
const NESTED_SHAPES: Record<string, { strings: string[]; stringArrays: string[] }> = {
  identifier: { strings: ['system', 'value', 'use'], stringArrays: [] },
  name: { strings: ['family', 'use'], stringArrays: ['given', 'suffix'] },
  telecom: { strings: ['system', 'value', 'use'], stringArrays: [] },
  address: { strings: ['city', 'state', 'postalCode', 'use'], stringArrays: ['line'] },
};

function nestedErrors(field: string, index: number, item: unknown): MappingProblem[] {
  const shape = NESTED_SHAPES[field];
  if (!shape || !isObject(item)) return [];
  const at = (member: string): string => `Patient.${field}[${index}].${member}`;
  const errors: MappingProblem[] = [];
  for (const member of shape.strings) {
    if (item[member] !== undefined && typeof item[member] !== 'string')
      errors.push({ location: at(member), reason: `${at(member)} must be a string` });
  }
  for (const member of shape.stringArrays) {
    const value = item[member];
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string')))
      errors.push({ location: at(member), reason: `${at(member)} must be an array of strings` });
  }
  return errors;
}

/** Checks the shape of the parts we read; a wrong type is an error naming its path. */
function shapeErrors(body: Record<string, unknown>): MappingProblem[] {
  const errors: MappingProblem[] = [];
  for (const field of ['identifier', 'name', 'telecom', 'address', 'extension']) {
    const value = body[field];
    if (value === undefined) continue;
    if (!Array.isArray(value) || !value.every(isObject)) {
      errors.push({
        location: `Patient.${field}`,
        reason: `Patient.${field} must be an array of objects`,
      });
    }
  }
  for (const field of Object.keys(NESTED_SHAPES)) {
    const value = body[field];
    if (Array.isArray(value))
      value.forEach((item, i) => errors.push(...nestedErrors(field, i, item)));
  }
  for (const field of ['birthDate', 'gender', 'id']) {
    if (body[field] !== undefined && typeof body[field] !== 'string') {
      errors.push({ location: `Patient.${field}`, reason: `Patient.${field} must be a string` });
    }
  }
  return errors;
}

/** Typed MR; a `type` or `coding` of the wrong shape (a string, `[null]`) is simply not MR. */
export function isMedicalRecordNumber(identifier: FhirIdentifier): boolean {
  const type: unknown = identifier.type;
  if (typeof type !== 'object' || type === null) return false;
  const coding: unknown = (type as { coding?: unknown }).coding;
  return (
    Array.isArray(coding) &&
    coding.some(
      (c: unknown) =>
        typeof c === 'object' && c !== null && (c as { code?: unknown }).code === 'MR',
    )
  );
}

function preferred<T extends { use?: string }>(
  items: T[] | undefined,
  uses: string[],
): T | undefined {
  if (!items || items.length === 0) return undefined;
  for (const use of uses) {
    const hit = items.find((item) => item.use === use);
    if (hit) return hit;
  }
  return items.find((item) => item.use !== 'old') ?? items[0];
}

function nameFields(name: FhirHumanName | undefined): CanonicalRecord {
  if (!name) return {};
  const given = (name.given ?? []).filter((g) => typeof g === 'string');
  return {
    given_name: given[0],
    middle_name: given.length > 1 ? given.slice(1).join(' ') : undefined,
    family_name: typeof name.family === 'string' ? name.family : undefined,
    suffix: name.suffix?.[0],
  };
}

function telecomValue(telecom: FhirContactPoint[] | undefined, system: string): string | undefined {
  return preferred(
    telecom?.filter((t) => t.system === system),
    ['mobile', 'home'],
  )?.value;
}

function addressFields(address: FhirAddress | undefined): CanonicalRecord {
  if (!address) return {};
  return {
    address_line: address.line?.filter((l) => typeof l === 'string').join(' ') || undefined,
    city: address.city,
    state: address.state,
    postal_code: address.postalCode,
  };
}

function multipleBirth(patient: FhirPatient): string | undefined {
  if (typeof patient.multipleBirthInteger === 'number') return String(patient.multipleBirthInteger);
  if (typeof patient.multipleBirthBoolean === 'boolean')
    return String(patient.multipleBirthBoolean);
  return undefined;
}

/**
 * Maps a Patient to a canonical record. The record key is the identifier typed MR
 * (system = source, value = source id); without one, `fallback` supplies it.
 */
export function patientToCanonical(
  body: unknown,
  fallback?: { source: string; sourceId?: string },
): PatientMapping {
  if (!isObject(body) || body.resourceType !== 'Patient') {
    return { errors: [{ location: 'resourceType', reason: 'the resource must be a Patient' }] };
  }
  const when = eventTime(body);
  const errors = [...shapeErrors(body), ...('reason' in when ? [when] : [])];
  if (errors.length > 0 || 'reason' in when) return { errors };
  const patient = body as unknown as FhirPatient;
  const identifiers = (patient.identifier ?? []).filter(
    (i) => typeof i.value === 'string' && i.value !== '',
  );
  const mrn = identifiers.find(isMedicalRecordNumber);
  const source = mrn?.system ?? fallback?.source;
  const sourceId = mrn?.value ?? fallback?.sourceId ?? patient.id;
  if (!source || !sourceId) {
    return {
      errors: [
        {
          location: 'Patient.identifier',
          reason: 'an identifier with type MR (system and value) is required',
        },
      ],
    };
  }
  const ssn = identifiers.find((i) => i.system === SSN_SYSTEM)?.value;
  const others = identifiers
    .filter((i) => i !== mrn && i.system !== SSN_SYSTEM && typeof i.system === 'string')
    .map((i) => `${i.system}|${i.value}`);
  const mothersMaiden = patient.extension?.find(
    (e) => e.url === MOTHERS_MAIDEN_NAME_URL,
  )?.valueString;
  const record: CanonicalRecord = {
    source,
    source_id: sourceId,
    ...nameFields(preferred(patient.name, ['official', 'usual'])),
    birth_date: patient.birthDate,
    sex: patient.gender,
    ssn,
    phone: telecomValue(patient.telecom, 'phone'),
    email: telecomValue(patient.telecom, 'email'),
    ...addressFields(preferred(patient.address, ['home'])),
    mothers_maiden_name: mothersMaiden,
    multiple_birth: multipleBirth(patient),
    other_identifiers: others.length > 0 ? others.join(';') : undefined,
  };
  return { record: { ...dropEmpty(record), ...when } };
}

function dropEmpty(record: CanonicalRecord): CanonicalRecord {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
  ) as CanonicalRecord;
}
