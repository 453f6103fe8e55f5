import { Request } from 'express';
import { MpiError } from '../common/mpi-error';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** FHIR writes must say they carry JSON; anything else is 415 before the body is looked at. */
export function requireFhirJson(request: Request): void {
  if (!request.is(['application/fhir+json', 'application/json'])) {
    throw new MpiError('unsupported-media-type', 'send application/fhir+json');
  }
}
