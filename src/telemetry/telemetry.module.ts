import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { httpLoggerOptions } from './log-options';

/** Structured JSON logs through nestjs-pino; the settings are the configuration's `log` section. */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      useFactory: (config: AppConfig) => ({
        pinoHttp: httpLoggerOptions(config.log),
        renameContext: 'component',
      }),
      inject: [APP_CONFIG],
    }),
  ],
  exports: [LoggerModule],
})
export class TelemetryModule {}
