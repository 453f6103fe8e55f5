/**
 * The `fhir` section of the one configuration (config/fhir-section.ts), which FhirModule
 * hands to its services under this token: they see their section, not the whole config.
 */
export const FHIR_CONFIG = Symbol('FHIR_CONFIG');
