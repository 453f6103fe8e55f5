import { Request, Response } from 'express';
import { OperationOutcome } from '../common/operation-outcome';
import { publicBaseUrl } from '../common/public-base-url';
import { FHIR_JSON } from './fhir-json';

/** Absolute FHIR base for fullUrl, links and PIXm logical ids; never from the Host header. */
export function fhirBaseUrl(request: Request): string {
  return `${publicBaseUrl(request)}/fhir`;
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
