import { HttpException } from '@nestjs/common';
import { httpErrorFor } from './http-error-mapping';
import { MpiError, MpiErrorDetail } from './mpi-error';
import { OperationOutcome, operationOutcome } from './operation-outcome';

export interface ErrorResponse {
  status: number;
  contentType: string;
  body:
    | OperationOutcome
    | { statusCode: number; error: string; message: string; details: MpiErrorDetail[] };
}

interface BodyParserError {
  status?: number;
  type?: string;
}

/**
 * Turns any thrown thing into an MpiError without carrying values it may hold. The Express
 * adapter wraps body-parser and URL-decoding failures in an HttpException whose message is
 * the parser's (`Unexpected token 'M', "Mohammed A"... is not valid JSON`, `Failed to decode
 * param 'Smith%E0...'`): those are answered from their cause, with fixed text.
 */
export function toMpiError(error: unknown): MpiError | null {
  if (error instanceof MpiError) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const wrapped = error.cause !== undefined && status < 500;
    if (wrapped) {
      const fromCause = fromParserError(error.cause);
      if (fromCause) return fromCause;
    }
    // Messages of our own validation name fields and rules; a wrapped error's may quote input.
    const details = wrapped ? [] : messagesOf(error).map((m) => ({ reason: String(m) }));
    if (status === 404) return new MpiError('not-found', 'no such route or resource');
    if (status === 405) return new MpiError('method-not-allowed', 'method not allowed');
    if (status === 413) return new MpiError('too-large', 'the request body is too large');
    if (status === 415) return new MpiError('unsupported-media-type', 'unsupported content type');
    if (status === 401) return new MpiError('unauthenticated', 'a valid bearer token is required');
    if (status === 403) return new MpiError('forbidden', 'not allowed');
    if (status === 429)
      return new MpiError('rate-limited', 'too many requests: retry after the time in Retry-After');
    if (status === 409) return new MpiError('conflict', wrapped ? 'conflict' : error.message);
    if (status >= 400 && status < 500)
      return new MpiError('invalid-input', 'the request is not valid', details);
    return null;
  }
  return fromParserError(error);
}

function messagesOf(error: HttpException): unknown[] {
  const response = error.getResponse();
  return typeof response === 'object' && response !== null && 'message' in response
    ? ([] as unknown[]).concat((response as { message: unknown }).message)
    : [error.message];
}

function fromParserError(error: unknown): MpiError | null {
  const parserError = error as BodyParserError;
  if (parserError?.type === 'entity.too.large') {
    return new MpiError('too-large', 'the request body is larger than the configured limit');
  }
  if (parserError?.type === 'entity.parse.failed') {
    return new MpiError('invalid-input', 'the request body is not valid JSON');
  }
  if (error instanceof URIError) return new MpiError('invalid-input', 'the URL is not valid');
  if (parserError?.type === 'encoding.unsupported' || parserError?.type === 'charset.unsupported') {
    return new MpiError('unsupported-media-type', 'unsupported body encoding');
  }
  if (
    typeof parserError?.status === 'number' &&
    parserError.status >= 400 &&
    parserError.status < 500
  ) {
    return new MpiError('invalid-input', 'the request could not be read');
  }
  return null;
}

/** FHIR routes answer with an OperationOutcome; the rest with a small JSON error. */
export function errorResponse(error: unknown, path: string): ErrorResponse {
  const mpiError = toMpiError(error) ?? new MpiError('not-configured', 'internal error');
  const { status: mapped, fhirCode } = httpErrorFor(mpiError.code);
  const status = toMpiError(error) ? mapped : 500;
  if (path.startsWith('/fhir')) {
    return {
      status,
      contentType: 'application/fhir+json; charset=utf-8',
      body: operationOutcome(
        status === 500 ? 'exception' : fhirCode,
        mpiError.message,
        mpiError.details,
      ),
    };
  }
  return {
    status,
    contentType: 'application/json; charset=utf-8',
    body: {
      statusCode: status,
      error: mpiError.code,
      message: mpiError.message,
      details: mpiError.details,
    },
  };
}
