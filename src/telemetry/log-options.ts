import { IncomingMessage, ServerResponse } from 'node:http';
import pino, { Bindings, ChildLoggerOptions, DestinationStream, Logger, LoggerOptions } from 'pino';
import { LogSettings } from '../config/log-section';
import { CANONICAL_COLUMNS } from '../matching/record-types';
import { currentContext } from './request-context';
import { routeOf } from './route-pattern';

/**
 * PHI-free structured logs. Three layers, so one slip does not leak:
 *   1. nothing logs bodies: a request's line keeps its method, route pattern (no query string:
 *      FHIR searches put names and birth dates there), id and status -- never headers
 *      (request-log.middleware.ts);
 *   2. redaction of every patient field name and credential header, wherever an object with
 *      such keys is logged by mistake;
 *   3. errors are logged by kind (see MpiExceptionFilter), never by message.
 * Every line carries the request's correlation id (from AsyncLocalStorage). The level and the
 * destination are the `log` configuration section (config/log-section.ts).
 */

/** Patient fields as the API, the FHIR mapping and the stored demographics name them. */
const PATIENT_FIELDS = [
  ...CANONICAL_COLUMNS.filter((c) => c !== 'source'),
  ...[
    'givenName',
    'middleName',
    'familyName',
    'birthDate',
    'addressLine',
    'postalCode',
    'mothersMaidenName',
  ],
  ...[
    'name',
    'given',
    'family',
    'telecom',
    'address',
    'identifier',
    'gender',
    'birthdate',
    'records',
    'resource',
  ],
  ...['demographics', 'golden', 'body', 'query', 'params'],
];
const CREDENTIALS = ['authorization', 'cookie', 'set-cookie', 'x-api-key'];

const PATIENT_KEYS = new Set(PATIENT_FIELDS);
const CREDENTIAL_KEYS = new Set(CREDENTIALS);
const CENSOR = '[redacted]';

/**
 * Layer 2: what pino's path redaction did with the paths `f` and `*.f` for every patient field
 * and `headers[h]`, `*.headers[h]` for every credential header, in one walk of the object's top
 * two levels. pino's redaction cost 180-470 microseconds a line (it grows with the 90 paths),
 * more than the rest of a $match request's logging together; this costs a few. Only what
 * changes is copied: the caller's objects are never modified.
 */
export function redactLogObject(object: Record<string, unknown>): Record<string, unknown> {
  return censorKeys(object, (key, value) =>
    PATIENT_KEYS.has(key) ? CENSOR : key === 'headers' ? censorHeaders(value) : censorNested(value),
  );
}

/** One level down: patient fields and credential headers of an object logged inside another. */
function censorNested(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return censorKeys(value as Record<string, unknown>, (key, inner) =>
    PATIENT_KEYS.has(key) ? CENSOR : key === 'headers' ? censorHeaders(inner) : inner,
  );
}

function censorHeaders(headers: unknown): unknown {
  if (typeof headers !== 'object' || headers === null) return headers;
  return censorKeys(headers as Record<string, unknown>, (key, value) =>
    CREDENTIAL_KEYS.has(key) ? CENSOR : value,
  );
}

/** A shallow copy with each key's value replaced as `replace` says, or the object itself. */
function censorKeys(
  object: Record<string, unknown>,
  replace: (key: string, value: unknown) => unknown,
): Record<string, unknown> {
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(object)) {
    const value = object[key];
    const replaced = replace(key, value);
    if (replaced === value) continue;
    copy ??= { ...object };
    copy[key] = replaced;
  }
  return copy ?? object;
}

interface RoutedRequest extends IncomingMessage {
  originalUrl?: string;
}

/**
 * The method: with the correlation id every line carries (the mixin below), what a log needs
 * to find a request again. Never the URL (caller data).
 */
export function requestSummary(request: IncomingMessage): Record<string, unknown> {
  return { method: request.method };
}

/**
 * The route pattern (`/fhir/Patient/:id`), added when the response is logged: path segments
 * and query strings are caller data (a name typed as an id, a search by birth date), so the
 * log names the pattern the request matched, or only the first segment of an unrouted one.
 */
export function routeProps(
  request: IncomingMessage,
  response: ServerResponse,
): Record<string, unknown> {
  if (!response.writableEnded && !response.headersSent) return {};
  const url = (request as RoutedRequest).originalUrl ?? request.url ?? '';
  const first = /^\/[A-Za-z0-9._-]{0,40}/.exec(url)?.[0] ?? '/';
  return {
    route: routeOf(request) ?? `${first}/[unrouted]`,
    ...(url.includes('?') ? { withQuery: true } : {}),
  };
}

export function baseLoggerOptions(settings: LogSettings): LoggerOptions {
  return {
    level: settings.level,
    formatters: { log: redactLogObject, bindings: redactLogObject },
    mixin: () => {
      const context = currentContext();
      return context ? { correlationId: context.correlationId } : {};
    },
    base: { service: 'mpi' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Errors by kind only (layer 3): a message or stack may quote patient data.
    serializers: { err: (error: Error | undefined) => ({ type: error?.name ?? 'Error' }) },
  };
}

/**
 * The service's logger. pino drops a root's bindings formatter for its children, so the
 * bindings of every child are redacted as the child is made:
 * children inherit this `child` from the root.
 */
export function createLogger(
  settings: LogSettings,
  destination: DestinationStream = logDestination(settings),
): Logger {
  const logger = pino(baseLoggerOptions(settings), destination);
  const child = logger.child;
  logger.child = function <Levels extends string = never>(
    this: Logger,
    bindings: Bindings,
    options?: ChildLoggerOptions<Levels>,
  ) {
    return child.call<Logger, [Bindings, ChildLoggerOptions<Levels> | undefined], Logger<Levels>>(
      this,
      redactLogObject(bindings),
      options,
    );
  };
  return logger;
}

export function logDestination(settings: LogSettings): DestinationStream {
  // Synchronous writes: a crash must not lose the lines that explain it.
  return pino.destination(
    settings.file === null
      ? { dest: 1, sync: true }
      : { dest: settings.file, sync: true, mkdir: true },
  );
}
