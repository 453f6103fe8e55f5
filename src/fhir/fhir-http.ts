import { Request, Response } from 'express';
import { OperationOutcome } from '../common/operation-outcome';
import { publicBaseUrl } from '../common/public-base-url';
import { FHIR_JSON } from './fhir-json';

/** Absolute FHIR base for fullUrl, links and PIXm logical ids; never from the Host header. */
export function fhirBaseUrl(request: Request): string {
  return `${publicBaseUrl(request)}/fhir`;
}

export function sendFhir(response: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const method = response.req.method;
  if (method === 'GET' || method === 'HEAD') {
    // Express answers conditional reads (304) and HEAD (headers only) here.
    response.status(status).type(FHIR_JSON).send(text);
    return;
  }
  // The answer to a POST ($match) is written as it is: Express's send() parsed and rewrote
  // the content type to add the charset FHIR_JSON already has, and copied a long body into
  // a Buffer first (2.8% of what a $match allocated).
  response.statusCode = status;
  response.setHeader('Content-Type', FHIR_JSON);
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(text);
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
