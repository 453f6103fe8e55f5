import { Request, Response } from 'express';
import { OperationOutcome } from '../common/operation-outcome';
import { FHIR_JSON } from './fhir-json';

const HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/;

/** Absolute FHIR base for fullUrl, links and PIXm logical ids; an odd Host header is not reflected. */
export function fhirBaseUrl(request: Request): string {
  const host = request.get('host');
  return host && HOST.test(host) ? `${request.protocol}://${host}/fhir` : '/fhir';
}

export function sendFhir(response: Response, status: number, body: unknown): void {
  response.status(status).type(FHIR_JSON).send(JSON.stringify(body));
}

/** An error answer whose issue code a profile fixes (IHE PIXm), beyond what MpiError maps to. */
export function sendOutcome(
  response: Response,
  status: number,
  code: string,
  diagnostics: string,
): void {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, diagnostics }],
  };
  sendFhir(response, status, outcome);
}
