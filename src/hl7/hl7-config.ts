/**
 * The `hl7` section of the one configuration (config/hl7-section.ts), which Hl7Module hands
 * to its services under this token: they see their section, not the whole config.
 */
export const HL7_CONFIG = Symbol('HL7_CONFIG');
