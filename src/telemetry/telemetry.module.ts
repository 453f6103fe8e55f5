import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { environment } from '../config/environment';
import { httpLoggerOptions, loadLogSettings } from './log-options';

/** Structured JSON logs through nestjs-pino; the settings come from MPI_LOG_LEVEL / MPI_LOG_FILE. */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      useFactory: () => {
        const settings = loadLogSettings(environment());
        return {
          pinoHttp: httpLoggerOptions(settings),
          renameContext: 'component',
        };
      },
    }),
  ],
  exports: [LoggerModule],
})
export class TelemetryModule {}
