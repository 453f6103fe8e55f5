import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { MpiError } from '../common/mpi-error';
import { hasBody } from './body-gate';

const JSON_TYPES = ['application/json', 'application/fhir+json', 'application/*+json'];
const KIB = 1024;

/**
 * Each route's largest body, in bytes, counted after decompression. Only a batch of records
 * needs megabytes (MPI_BODY_LIMIT_BYTES); one Patient or a `$match` question fits in a small
 * fraction of 256 KiB, a comparison of two records in 64 KiB, a steward's decision in 16 KiB.
 * A route not listed gets the smallest limit.
 */
interface RouteLimit {
  method: string;
  path: RegExp;
  limit: (bulkLimit: number) => number;
}

const ROUTE_LIMITS: readonly RouteLimit[] = [
  { method: 'POST', path: /^\/api\/records\/?$/, limit: (bulk) => bulk },
  { method: 'POST', path: /^\/fhir\/Patient\/?$/, limit: () => 256 * KIB },
  { method: 'PUT', path: /^\/fhir\/Patient\/[^/]+\/?$/, limit: () => 256 * KIB },
  { method: 'POST', path: /^\/fhir\/Patient\/\$match\/?$/, limit: () => 256 * KIB },
  { method: 'POST', path: /^\/api\/compare\/?$/, limit: () => 64 * KIB },
];
const DEFAULT_LIMIT = 16 * KIB;

export function bodyLimitOf(method: string, path: string, bulkLimit: number): number {
  const route = ROUTE_LIMITS.find((r) => r.method === method && r.path.test(path));
  return Math.min(bulkLimit, route ? route.limit(bulkLimit) : DEFAULT_LIMIT);
}

/**
 * A compressed body must say its size (Content-Length) and stay within the route's limit
 * before it is inflated: a chunked stream of empty deflate blocks would otherwise cost reading
 * without end while inflating to nothing, and the inflated size is capped by the parser.
 */
function checkCompressedSize(request: Request, limit: number): MpiError | null {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity' || !hasBody(request)) return null;
  const length = Number(request.headers['content-length']);
  if (!Number.isInteger(length) || length < 0)
    return new MpiError('invalid-input', 'a compressed request body needs a Content-Length');
  return length > limit ? new MpiError('too-large', 'the request body is too large') : null;
}

/** JSON bodies parsed with the limit of their route (one parser per distinct limit). */
export function routeJsonParser(bulkLimit: number): RequestHandler {
  const parsers = new Map<number, RequestHandler>();
  const parserFor = (limit: number): RequestHandler => {
    let parser = parsers.get(limit);
    if (!parser) {
      parser = express.json({ type: JSON_TYPES, limit, strict: false });
      parsers.set(limit, parser);
    }
    return parser;
  };
  return (request: Request, response: Response, next: NextFunction) => {
    const limit = bodyLimitOf(request.method, request.path, bulkLimit);
    const problem = checkCompressedSize(request, limit);
    if (problem) {
      response.setHeader('Connection', 'close');
      return next(problem);
    }
    parserFor(limit)(request, response, next);
  };
}
