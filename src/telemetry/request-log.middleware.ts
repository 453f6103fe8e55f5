import { NextFunction, Request, RequestHandler, Response } from 'express';
import { Logger } from 'pino';
import { requestSummary, routeProps } from './log-options';

/**
 * One line per finished request (`req`, `route`, `res`, `responseTime`, "request completed",
 * "request errored" at 500 and above, "request aborted" when the caller left first), written
 * straight by the service's logger when the response
 * finishes. pino-http made three child loggers a request to write it (each one's bindings
 * redacted and serialised), and nestjs-pino a second AsyncLocalStorage that every promise of
 * the request carried: together about a twentieth of a `$match`'s CPU. The request's id is
 * the correlation id, which the request context puts on every line once (log-options.ts).
 */
export function logRequests(logger: Logger): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = Date.now();
    const finished = (error?: Error): void => {
      response.removeListener('close', finished);
      response.removeListener('finish', finished);
      response.removeListener('error', finished);
      const line = {
        req: requestSummary(request),
        ...routeProps(request, response),
        res: { statusCode: response.statusCode },
        responseTime: Date.now() - started,
      };
      if (error !== undefined || response.statusCode >= 500) {
        logger.error({ ...line, err: error ?? new Error() }, 'request errored');
        return;
      }
      logger.info(line, response.writableEnded ? 'request completed' : 'request aborted');
    };
    response.on('close', finished);
    response.on('finish', finished);
    response.on('error', finished);
    next();
  };
}
