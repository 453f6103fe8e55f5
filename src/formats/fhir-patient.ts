/** The parts of an R4 Patient the MPI reads and writes (it ignores the rest). */
export interface FhirCoding {
  system?: string;
  code?: string;
  display?: string;
}

export interface FhirIdentifier {
  use?: string;
  type?: { coding?: FhirCoding[]; text?: string };
  system?: string;
  value?: string;
}

export interface FhirHumanName {
  use?: string;
  family?: string;
  given?: string[];
  suffix?: string[];
}

export interface FhirContactPoint {
  system?: string;
  value?: string;
  use?: string;
  /** Preferred order of use, 1 highest. */
  rank?: number;
}

export interface FhirAddress {
  use?: string;
  line?: string[];
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

export interface FhirExtension {
  url: string;
  valueString?: string;
  valueCode?: string;
  valueDecimal?: number;
  valueInteger?: number;
  valueBoolean?: boolean;
  valueReference?: { reference?: string };
  extension?: FhirExtension[];
}

export interface FhirPatient {
  resourceType: 'Patient';
  id?: string;
  meta?: { lastUpdated?: string; versionId?: string };
  extension?: FhirExtension[];
  identifier?: FhirIdentifier[];
  active?: boolean;
  name?: FhirHumanName[];
  telecom?: FhirContactPoint[];
  gender?: string;
  birthDate?: string;
  address?: FhirAddress[];
  multipleBirthBoolean?: boolean;
  multipleBirthInteger?: number;
  link?: { other: { reference: string; display?: string }; type: string }[];
}

export const SSN_SYSTEM = 'http://hl7.org/fhir/sid/us-ssn';
export const MOTHERS_MAIDEN_NAME_URL =
  'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName';
export const IDENTIFIER_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';
