import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { errorResponse } from './error-response';

/** The single place errors become HTTP answers. Logs the kind of failure, never its values. */
@Catch()
export class MpiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    sendError(exception, request, response, this.logger);
  }
}

export function sendError(
  exception: unknown,
  request: Request,
  response: Response,
  logger: Logger,
): void {
  const answer = errorResponse(exception, request.path);
  if (answer.status >= 500) {
    // The error's message may quote data (driver errors do); log only its kind.
    const kind = exception instanceof Error ? exception.name : typeof exception;
    const code = (exception as { code?: unknown })?.code;
    logger.error(
      `unhandled ${kind}${typeof code === 'string' ? ` (${code})` : ''} on ${request.method} ${request.route?.path ?? 'route'}`,
    );
  }
  if (response.headersSent) return;
  response.status(answer.status).type(answer.contentType).send(JSON.stringify(answer.body));
}
