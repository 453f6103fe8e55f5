import { MpiErrorDetail } from '../common/mpi-error';
import { MatchFeatures } from '../matching/record-types';

/**
 * The least a $match query must carry (pure), after the base level of the HL7 FAST identity
 * matching guidance (IDI-Patient, as its test kit checks it): one attribute alone never
 * suffices; a name part together with another attribute does. Counted after normalization,
 * so a placeholder SSN or a 1900-01-01 birth date does not count.
 */
export type EvidenceKind = 'family' | 'given' | 'birthDate' | 'identifier' | 'telecom' | 'address';

const KINDS: {
  kind: EvidenceKind;
  label: string;
  path: string;
  present: (f: MatchFeatures) => boolean;
}[] = [
  {
    kind: 'family',
    label: 'a family name',
    path: 'Patient.name.family',
    present: (f) => f.family !== null,
  },
  {
    kind: 'given',
    label: 'a given name',
    path: 'Patient.name.given',
    present: (f) => f.given !== null,
  },
  {
    kind: 'birthDate',
    label: 'a full birth date',
    path: 'Patient.birthDate',
    present: (f) => f.birthDate !== null,
  },
  {
    kind: 'identifier',
    label: 'an identifier (SSN, or another with its system)',
    path: 'Patient.identifier',
    present: (f) => f.ssn !== null || f.otherIdentifiers.length > 0,
  },
  {
    kind: 'telecom',
    label: 'a phone number or e-mail',
    path: 'Patient.telecom',
    present: (f) => f.phone !== null || f.email !== null,
  },
  {
    kind: 'address',
    label: 'an address line or postal code',
    path: 'Patient.address',
    present: (f) => f.addressLine !== null || f.postalCode !== null,
  },
];

const ANCHORS: ReadonlySet<EvidenceKind> = new Set(['family', 'given', 'identifier']);

/** For the CapabilityStatement and the 400 answer: the rule in one sentence. */
export const MINIMUM_INPUT =
  'At least two of: family name, given name, full birth date, identifier (SSN or system|value), ' +
  'phone or e-mail, address line or postal code -- one of them a name part or an identifier ' +
  '(e.g. family + given name, or family name + birth date, or given name + identifier).';

export function evidenceKinds(features: MatchFeatures): EvidenceKind[] {
  return KINDS.filter((k) => k.present(features)).map((k) => k.kind);
}

/** Why the query is too thin, one detail per missing element; empty when it suffices. */
export function missingEvidence(features: MatchFeatures): MpiErrorDetail[] {
  const present = new Set(evidenceKinds(features));
  const anchored = [...present].some((kind) => ANCHORS.has(kind));
  if (present.size >= 2 && anchored) return [];
  const given = KINDS.filter((k) => present.has(k.kind)).map((k) => k.label);
  const summary: MpiErrorDetail = {
    location: 'Patient',
    reason: `too little to match on (${given.length === 0 ? 'nothing usable was given' : `only ${given.join(' and ')}`}). ${MINIMUM_INPUT}`,
  };
  const missing = KINDS.filter(
    (k) => !present.has(k.kind) && (anchored || ANCHORS.has(k.kind) || present.size === 0),
  );
  return [summary, ...missing.map((k) => ({ location: k.path, reason: `missing: ${k.label}` }))];
}
