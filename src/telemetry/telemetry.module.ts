import { Global, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createLogger } from './log-options';
import { NestLogger } from './nest-logger';

/** The service's pino logger (log-options.ts): Nest's lines and the request lines go through it. */
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');

/** Structured JSON logs; the settings are the configuration's `log` section. */
@Global()
@Module({
  providers: [
    {
      provide: SERVICE_LOGGER,
      useFactory: (config: AppConfig) => createLogger(config.log),
      inject: [APP_CONFIG],
    },
    {
      provide: NestLogger,
      useFactory: (logger: Logger) => new NestLogger(logger),
      inject: [SERVICE_LOGGER],
    },
  ],
  exports: [SERVICE_LOGGER, NestLogger],
})
export class TelemetryModule {}
