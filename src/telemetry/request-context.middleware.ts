import { NextFunction, Request, Response } from 'express';
import {
  CORRELATION_HEADER,
  RequestContext,
  newRequestContext,
  runWithContext,
} from './request-context';

interface ContextCarrier {
  mpiContext?: RequestContext;
}

/**
 * First middleware of the app: makes the request's context and echoes its correlation id, so
 * even a request refused by the body parser answers with an X-Request-Id.
 */
export function assignRequestContext(
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const context = newRequestContext(request.headers);
  (request as Request & ContextCarrier).mpiContext = context;
  (request as Request & { id?: string }).id = context.correlationId;
  response.setHeader(CORRELATION_HEADER, context.correlationId);
  next();
}

/**
 * Enters the context for the rest of the pipeline. Runs after the body parser: stream events
 * of the request body do not carry the async context, so entering it earlier would lose it.
 */
export function enterRequestContext(
  request: Request,
  _response: Response,
  next: NextFunction,
): void {
  const context =
    (request as Request & ContextCarrier).mpiContext ?? newRequestContext(request.headers);
  runWithContext(context, next);
}

export function contextOf(request: Request): RequestContext | undefined {
  return (request as Request & ContextCarrier).mpiContext;
}
