import { MpiError } from '../common/mpi-error';

/**
 * The input of Patient/$match (pure): a Parameters resource with `resource` (a Patient, 1..1),
 * `onlyCertainMatches` (valueBoolean, 0..1) and `count` (valueInteger, 0..1), or a bare
 * Patient as the body (IHE ITI-119: the same as a Parameters holding only `resource`).
 * Unknown or repeated parameters are refused: a misspelt `onlyCertainMatches` must not
 * quietly widen what is disclosed.
 */
export interface MatchRequest {
  patient: Record<string, unknown>;
  onlyCertainMatches: boolean;
  /** Absent: the configured default applies. */
  count: number | null;
}

const KNOWN = new Set(['resource', 'onlyCertainMatches', 'count']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(location: string, reason: string): MpiError {
  return new MpiError('invalid-input', 'the $match request is not valid', [{ location, reason }]);
}

export function parseMatchRequest(body: unknown): MatchRequest {
  if (!isObject(body) || (body.resourceType !== 'Parameters' && body.resourceType !== 'Patient')) {
    throw invalid('resourceType', 'the body must be a Parameters resource (or a bare Patient)');
  }
  if (body.resourceType === 'Patient')
    return { patient: body, onlyCertainMatches: false, count: null };
  const parameters = body.parameter ?? [];
  if (!Array.isArray(parameters) || !parameters.every(isObject)) {
    throw invalid('Parameters.parameter', 'Parameters.parameter must be an array of objects');
  }
  const byName = new Map<string, Record<string, unknown>>();
  for (const parameter of parameters) {
    const name = parameter.name;
    if (typeof name !== 'string' || !KNOWN.has(name)) {
      throw invalid(
        'Parameters.parameter.name',
        'unknown parameter: $match takes resource, onlyCertainMatches and count',
      );
    }
    if (byName.has(name))
      throw invalid(`Parameters.parameter('${name}')`, `${name} is given more than once`);
    byName.set(name, parameter);
  }
  return {
    patient: patientOf(byName.get('resource')),
    onlyCertainMatches: booleanOf(byName.get('onlyCertainMatches')),
    count: countOf(byName.get('count')),
  };
}

function patientOf(parameter: Record<string, unknown> | undefined): Record<string, unknown> {
  const location = "Parameters.parameter('resource')";
  if (!parameter) throw invalid(location, 'the parameter resource (a Patient) is required');
  const resource = parameter.resource;
  if (!isObject(resource))
    throw invalid(location, 'the parameter resource must carry a Patient in resource');
  if (resource.resourceType !== 'Patient')
    throw invalid(`${location}.resource.resourceType`, 'resource must be a Patient');
  return resource;
}

function booleanOf(parameter: Record<string, unknown> | undefined): boolean {
  if (!parameter) return false;
  if (typeof parameter.valueBoolean !== 'boolean') {
    throw invalid(
      "Parameters.parameter('onlyCertainMatches')",
      'onlyCertainMatches must be a valueBoolean',
    );
  }
  return parameter.valueBoolean;
}

function countOf(parameter: Record<string, unknown> | undefined): number | null {
  if (!parameter) return null;
  const value = parameter.valueInteger ?? parameter.valuePositiveInt;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid("Parameters.parameter('count')", 'count must be a valueInteger of 1 or more');
  }
  return value;
}
