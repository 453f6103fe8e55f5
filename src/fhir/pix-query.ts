import { MpiError } from '../common/mpi-error';
import { FhirIdentifier } from '../formats/fhir-patient';
import { FhirParameters } from './fhir-resources';

/**
 * IHE PIXm ITI-83 `$ihe-pix` (pure parts): the query is `sourceIdentifier=system|value`
 * (exactly once, both parts) and optional `targetSystem` domains (repeated, or a comma list);
 * the answer is a Parameters with a `targetIdentifier` per other business identifier of the
 * patient and a `targetId` per matching Patient resource (the golden record). The identifier
 * asked about is never echoed back (ITI-83 2:3.83.4.2.2.1).
 */
export interface PixQuery {
  system: string;
  value: string;
  targetSystems: string[];
}

const KNOWN = new Set(['sourceIdentifier', 'targetSystem', '_format']);

function invalid(location: string, reason: string): MpiError {
  return new MpiError('invalid-input', 'the $ihe-pix request is not valid', [{ location, reason }]);
}

function list(raw: unknown): unknown[] {
  return Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
}

export function parsePixQuery(query: Record<string, unknown>): PixQuery {
  for (const key of Object.keys(query))
    if (!KNOWN.has(key))
      throw invalid(key, 'unknown parameter: $ihe-pix takes sourceIdentifier and targetSystem');
  const sources = list(query.sourceIdentifier);
  const token = sources[0];
  if (sources.length !== 1 || typeof token !== 'string')
    throw invalid('sourceIdentifier', 'sourceIdentifier is required exactly once');
  const bar = token.indexOf('|');
  const system = bar < 0 ? '' : token.slice(0, bar).trim();
  const value = bar < 0 ? '' : token.slice(bar + 1).trim();
  if (system === '' || value === '' || token.length > 400) {
    throw invalid(
      'sourceIdentifier',
      'sourceIdentifier is the assigning authority and the value: system|value',
    );
  }
  const targetSystems = list(query.targetSystem).flatMap((raw) => {
    if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 400)
      throw invalid('targetSystem', 'targetSystem is a non-empty uri');
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  });
  return { system, value, targetSystems: [...new Set(targetSystems)] };
}

export function pixParameters(
  identifiers: readonly FhirIdentifier[],
  personIds: readonly string[],
): FhirParameters {
  const parameter = [
    ...identifiers.map((id) => ({ name: 'targetIdentifier', valueIdentifier: id })),
    ...personIds.map((id) => ({
      name: 'targetId',
      valueReference: { reference: `Patient/${id}` },
    })),
  ];
  return { resourceType: 'Parameters', ...(parameter.length > 0 ? { parameter } : {}) };
}
