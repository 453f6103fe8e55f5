import * as fs from 'node:fs';
import { Server } from 'node:http';
import { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import { HttpsOptions } from '@nestjs/common/interfaces/external/https-options.interface';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { MpiError } from '../common/mpi-error';
import { CorsSettings, TlsSettings } from '../config/transport-sections';

/**
 * Transport hardening of the HTTP service, each piece driven by the configuration (its `tls`
 * and `cors` sections, config/transport-sections.ts):
 *   security headers (helmet, always), CORS (off unless MPI_CORS_ORIGINS names origins),
 *   TLS (MPI_TLS_CERT + MPI_TLS_KEY, PEM files) and mutual TLS (MPI_TLS_CLIENT_CA: clients
 *   must present a certificate it signed), server timeouts and a deadline per response.
 */

/** An API and its OpenAPI page: no framing, no sniffing, no referrer, HSTS, a tight CSP. */
export function securityHeaders(): RequestHandler {
  const headers = headersOf(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // Swagger UI (/api/docs) styles itself inline; nothing else here serves HTML.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    }),
  );
  return (_request: Request, response: Response, next: NextFunction) => {
    for (const [name, value] of headers) response.setHeader(name, value);
    response.removeHeader('X-Powered-By');
    next();
  };
}

/**
 * The headers a helmet middleware sets, read once by running it on a stand-in request and
 * response. With no directive given as a function (none above) helmet's headers are the same
 * on every response, and its chain of a dozen middlewares cost a $match 1.6% of the service's
 * CPU; the loop above sets the same headers, in the same order. A middleware that reads the
 * request, or anything of the response but setting and removing headers, or that does not
 * answer at once, could differ from one response to the next: refused here, at startup.
 */
export function headersOf(middleware: RequestHandler): [string, string][] {
  const headers: [string, string][] = [];
  const methods: Record<string, unknown> = {
    setHeader: (name: string, value: unknown) => {
      if (typeof value !== 'string') throw new Error(`security header ${name} is not static`);
      headers.push([name, value]);
    },
    removeHeader: () => undefined,
  };
  const untouchable = (what: string, allowed: Record<string, unknown>) =>
    new Proxy(allowed, {
      get: (target, property) => {
        if (typeof property === 'string' && property in target) return target[property];
        throw new Error(`security headers that read the ${what} are not static`);
      },
    });
  let done = false;
  void middleware(
    untouchable('request', {}) as unknown as Request,
    untouchable('response', methods) as unknown as Response,
    (error?: unknown) => {
      if (error instanceof Error) throw error;
      if (error !== undefined) throw new Error('the security headers middleware failed');
      done = true;
    },
  );
  if (!done) throw new Error('the security headers middleware did not answer at once');
  return headers;
}

/**
 * Answers carry patient data: no browser or proxy may keep them. A route whose answer is
 * public (the SMART discovery document) sets its own Cache-Control, which replaces this one.
 */
export function noStore(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Cache-Control', 'no-store');
  next();
}

/** null (CORS off: browsers on other origins get no access) unless origins are configured. */
export function corsOptions(settings: CorsSettings): CorsOptions | null {
  if (settings.origins.length === 0) return null;
  return {
    origin: settings.origins,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'X-Purpose-Of-Use'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Location'],
    credentials: false,
    maxAge: 600,
  };
}

/** HTTPS options when a certificate and key are configured; mutual TLS with a client CA. */
export function tlsOptions(settings: TlsSettings): HttpsOptions | undefined {
  const { cert, key, clientCa } = settings;
  if (cert === null || key === null) return undefined;
  return {
    cert: fs.readFileSync(cert),
    key: fs.readFileSync(key),
    ...(clientCa
      ? { ca: fs.readFileSync(clientCa), requestCert: true, rejectUnauthorized: true }
      : {}),
  };
}

/**
 * Node's own limits: the whole request must arrive within requestTimeout (slow-loris), the
 * headers within a shorter time, and idle keep-alive sockets close.
 */
export function applyServerTimeouts(server: Server, requestTimeoutMs: number): void {
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(requestTimeoutMs, 20_000);
  server.keepAliveTimeout = 5_000;
  server.setTimeout(requestTimeoutMs + 5_000);
}

/**
 * A response not started within the deadline is answered 503 (the work itself is not
 * interrupted: a transaction in flight commits or rolls back on its own).
 */
export function responseDeadline(
  ms: number,
  onTimeout: (error: MpiError, request: Request, response: Response) => void,
): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (!response.headersSent)
        onTimeout(new MpiError('timeout', 'the request took too long'), request, response);
    }, ms);
    timer.unref();
    const clear = (): void => clearTimeout(timer);
    response.once('finish', clear);
    response.once('close', clear);
    next();
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Limits of the JSON screen: nesting depth and values (keys count too) in one body. */
export interface JsonScreenLimits {
  maxDepth: number;
  maxNodes: number;
}

function screenString(text: string): string | null {
  if (text.includes('\u0000')) return 'the request body contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'the request body contains text that is not valid Unicode';
  return null;
}

/**
 * Why a parsed JSON body is refused, or null: too deep, too many values, or text no database
 * column can hold. Arrays are walked by index and the walk stops at maxNodes, so the cost is
 * bounded whatever the body holds (Object.entries on an array of 2.6 million zeros built 2.6
 * million pairs and took two seconds).
 */
export function screenJson(value: unknown, limits: JsonScreenLimits): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (++nodes > limits.maxNodes)
      return `the request body holds more than ${limits.maxNodes} values`;
    if (typeof node === 'string') {
      const problem = screenString(node);
      if (problem) return problem;
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth > limits.maxDepth)
      return `the request body is nested deeper than ${limits.maxDepth} levels`;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length && stack.length <= limits.maxNodes; i++)
        stack.push([node[i], depth + 1]);
      continue;
    }
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      stack.push([key, depth], [(node as Record<string, unknown>)[key], depth + 1]);
      if (stack.length > limits.maxNodes) break;
    }
  }
  return null;
}

/**
 * Screens parsed JSON bodies before anything recursive (validation, class-transformer, the
 * FHIR mapping) walks them or any value reaches PostgreSQL: a 10 000-deep array is 20 KB of
 * text and would end in a stack overflow; a NUL or an unpaired surrogate cannot be stored in
 * text or jsonb. Each would otherwise be a 500; here it is a 400 that names the problem.
 */
export function screenJsonBody(limits: JsonScreenLimits): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    const body: unknown = request.body;
    const problem = body !== null && typeof body === 'object' ? screenJson(body, limits) : null;
    next(problem === null ? undefined : new MpiError('invalid-input', problem));
  };
}

/** A NUL in the path or query string (`%00`) reaches no route usefully; refuse it up front. */
export function refuseNulInUrl(request: Request, _response: Response, next: NextFunction): void {
  const url = request.originalUrl ?? request.url;
  next(
    url.includes('%00') || url.includes('\u0000')
      ? new MpiError('invalid-input', 'the URL contains a NUL character')
      : undefined,
  );
}
