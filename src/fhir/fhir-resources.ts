import { OperationOutcome } from '../common/operation-outcome';
import { FhirExtension, FhirIdentifier, FhirPatient } from '../formats/fhir-patient';

/** The parts of R4 Bundle, Parameters and friends the MPI writes. */
export interface FhirReference {
  reference: string;
  display?: string;
}

export interface FhirBundleLink {
  relation: string;
  url: string;
}

export interface FhirBundleEntry {
  fullUrl?: string;
  resource: FhirPatient | OperationOutcome;
  search?: { mode: 'match' | 'include' | 'outcome'; score?: number; extension?: FhirExtension[] };
}

export interface FhirBundle {
  resourceType: 'Bundle';
  id?: string;
  meta?: { lastUpdated?: string };
  type: 'searchset';
  total?: number;
  link?: FhirBundleLink[];
  entry?: FhirBundleEntry[];
}

export interface FhirParameter {
  name: string;
  valueIdentifier?: FhirIdentifier;
  valueReference?: FhirReference;
}

export interface FhirParameters {
  resourceType: 'Parameters';
  parameter?: FhirParameter[];
}

/** An OperationOutcome issue meant as a warning or information inside a Bundle. */
export interface OutcomeNote {
  severity: 'warning' | 'information';
  code: string;
  diagnostics: string;
  expression?: string[];
}

export const MATCH_GRADE_URL = 'http://hl7.org/fhir/StructureDefinition/match-grade';
/** Our own extensions, in the namespace the audit module's extensions use. */
export const MATCH_EXPLANATION_URL = 'urn:mpi:fhir:StructureDefinition/match-explanation';
export const GOLDEN_PROVENANCE_URL = 'urn:mpi:fhir:StructureDefinition/golden-provenance';
