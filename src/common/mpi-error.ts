/**
 * The one exception type services throw. Each code maps once, at the edge, to an HTTP status
 * and a FHIR OperationOutcome issue type (see http-error-mapping.ts). Messages must never
 * carry submitted values: they are shown to callers and written to logs.
 */
export type MpiErrorCode =
  | 'invalid-input'
  | 'too-large'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'unsupported-media-type'
  | 'method-not-allowed'
  | 'gone'
  | 'rate-limited'
  | 'timeout'
  | 'not-configured';

export interface MpiErrorDetail {
  /** Where the problem is: a field name, a FHIR path or a line number. Never a value. */
  location?: string;
  reason: string;
}

export class MpiError extends Error {
  constructor(
    readonly code: MpiErrorCode,
    message: string,
    readonly details: MpiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'MpiError';
  }
}
