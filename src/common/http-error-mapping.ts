import { MpiErrorCode } from './mpi-error';

export interface HttpErrorShape {
  status: number;
  /** FHIR IssueType code. */
  fhirCode: string;
}

export function httpErrorFor(code: MpiErrorCode): HttpErrorShape {
  switch (code) {
    case 'invalid-input':
      return { status: 400, fhirCode: 'invalid' };
    case 'too-large':
      return { status: 413, fhirCode: 'too-costly' };
    case 'unauthenticated':
      return { status: 401, fhirCode: 'login' };
    case 'forbidden':
      return { status: 403, fhirCode: 'forbidden' };
    case 'not-found':
      return { status: 404, fhirCode: 'not-found' };
    case 'conflict':
      return { status: 409, fhirCode: 'conflict' };
    case 'unsupported-media-type':
      return { status: 415, fhirCode: 'not-supported' };
    case 'method-not-allowed':
      return { status: 405, fhirCode: 'not-supported' };
    case 'gone':
      return { status: 410, fhirCode: 'deleted' };
    case 'rate-limited':
      return { status: 429, fhirCode: 'throttled' };
    case 'timeout':
      return { status: 503, fhirCode: 'timeout' };
    case 'not-configured':
      return { status: 503, fhirCode: 'exception' };
  }
}
