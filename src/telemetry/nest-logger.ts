import { LoggerService } from '@nestjs/common';
import { Level, Logger } from 'pino';

/** A stack trace, as Nest's exception handlers pass one after the message. */
const STACK = /\n\s*at /;

/**
 * Nest's logger (`new Logger('audit')` and the framework's own lines) written by the service's
 * pino logger, the context as `component`; what nestjs-pino's Logger did, without the
 * per-request child logger it looked up (the correlation id is on every line already).
 */
export class NestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /**
   * Nest passes the context last. An Error is logged under `err` (by kind, see log-options);
   * Nest's exception handlers pass a stack as a second string, which is dropped for the same
   * reason: a stack can quote a message.
   */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const [first, ...rest] = params.slice(0, -1);
    if (params.length > 0) fields.component = params[params.length - 1];
    const text = typeof first === 'string' ? first : undefined;
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, text, ...rest);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message }, text, ...rest);
    } else if (level === 'error' && rest.length === 0 && text !== undefined && STACK.test(text)) {
      this.logger[level]({ ...fields, err: new Error(String(message)) });
    } else {
      this.logger[level](fields, String(message), ...params.slice(0, -1));
    }
  }
}
