import { FhirConfig } from '../config/fhir-section';
import { MINIMUM_INPUT } from './match-minimum';

/**
 * The server's CapabilityStatement (pure): Patient with its interactions, search parameters
 * and the `match` and `ihe-pix` operations (the $match minimum input documented there),
 * AuditEvent as the audit module serves it, and the security section the auth module gives.
 */
export interface CapabilityInput {
  baseUrl: string;
  date: string;
  softwareVersion: string;
  config: FhirConfig;
  security: Record<string, unknown>;
}

const SP = 'http://hl7.org/fhir/SearchParameter/';

const PATIENT_SEARCH = [
  {
    name: '_id',
    definition: `${SP}Resource-id`,
    type: 'token',
    documentation: 'The golden record (person) id.',
  },
  {
    name: 'identifier',
    definition: `${SP}Patient-identifier`,
    type: 'token',
    documentation:
      'system|value, both parts: a source and its MRN, http://hl7.org/fhir/sid/us-ssn, or another assigning authority.',
  },
  {
    name: 'family',
    definition: `${SP}Patient-family`,
    type: 'string',
    documentation: 'Starts-with on the folded name; :exact for the whole name.',
  },
  {
    name: 'given',
    definition: `${SP}Patient-given`,
    type: 'string',
    documentation: 'Starts-with on the first or a middle name; :exact supported.',
  },
  {
    name: 'birthdate',
    definition: `${SP}individual-birthdate`,
    type: 'date',
    documentation: 'Prefixes eq, ne, lt, gt, le, ge, sa, eb; YYYY, YYYY-MM or YYYY-MM-DD.',
  },
  {
    name: 'gender',
    definition: `${SP}individual-gender`,
    type: 'token',
    documentation: 'male | female | other | unknown (with another parameter).',
  },
  {
    name: 'phone',
    definition: `${SP}individual-phone`,
    type: 'token',
    documentation: 'Any punctuation; compared as digits.',
  },
  {
    name: 'email',
    definition: `${SP}individual-email`,
    type: 'token',
    documentation: 'Compared case-insensitively.',
  },
  {
    name: 'address-postalcode',
    definition: `${SP}individual-address-postalcode`,
    type: 'string',
    documentation: 'Starts-with; :exact supported.',
  },
];

const AUDIT_SEARCH = ['date', 'agent', 'subtype', 'outcome', 'patient', 'entity'].map((name) => ({
  name,
  definition: `${SP}AuditEvent-${name}`,
  type: name === 'date' ? 'date' : name === 'patient' || name === 'entity' ? 'reference' : 'token',
}));

export function capabilityStatement(input: CapabilityInput): Record<string, unknown> {
  const { config } = input;
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: input.date,
    publisher: 'MPI',
    kind: 'instance',
    software: { name: 'MPI (master patient index)', version: input.softwareVersion },
    implementation: {
      description: 'Master Patient Index: golden records, $match with explanations, PIXm',
      url: input.baseUrl,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Patient resources are golden records (persons); source records are Patients too, linked from them.',
        security: input.security,
        resource: [patientResource(config), auditEventResource()],
      },
    ],
  };
}

function patientResource(config: FhirConfig): Record<string, unknown> {
  return {
    type: 'Patient',
    profile: 'http://hl7.org/fhir/StructureDefinition/Patient',
    documentation:
      'GET Patient/[id]: a golden record with the identifiers of all its source records, golden-provenance extensions (element, path, strategy, reason, record, source) and seealso links; ' +
      'a source record id answers that record (refer link); a merged-away id answers an inactive Patient replaced-by the survivor.',
    interaction: [
      { code: 'read' },
      {
        code: 'search-type',
        documentation: `_count default ${config.searchCountDefault}, at most ${config.searchCountMax}; _offset pages.`,
      },
      {
        code: 'create',
        documentation:
          'Ingests one source record; its identifier typed MR is the key; meta.lastUpdated, when sent, is when the registration happened (the golden address and contacts follow the newest).',
      },
      { code: 'update', documentation: 'Creates or updates one source record.' },
    ],
    versioning: 'no-version',
    readHistory: false,
    updateCreate: true,
    searchParam: PATIENT_SEARCH,
    operation: [
      {
        name: 'match',
        definition: 'http://hl7.org/fhir/OperationDefinition/Patient-match',
        documentation:
          `POST only. Parameters resource (resource, onlyCertainMatches, count) or a bare Patient. count default ${config.matchCountDefault}, ` +
          `at most ${config.matchCountMax}. Minimum input: ${MINIMUM_INPUT} onlyCertainMatches=true answers the best person only when ` +
          'it is certain, no other person is certain or probable and candidate retrieval was complete. Scores are match probabilities; ' +
          'the explanation extension gives per field level and weight (values for steward and admin roles only).',
      },
      {
        name: 'ihe-pix',
        definition: 'https://profiles.ihe.net/ITI/PIXm/OperationDefinition/IHE.PIXm.pix',
        documentation:
          'GET ?sourceIdentifier=system|value[&targetSystem=uri]: the other identifiers and the golden Patient (IHE ITI-83).',
      },
    ],
  };
}

function auditEventResource(): Record<string, unknown> {
  return {
    type: 'AuditEvent',
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    searchParam: AUDIT_SEARCH,
  };
}
