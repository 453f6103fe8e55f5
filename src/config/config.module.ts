import { Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { Secrets } from './key-material';
import { loadConfig, loadSecretsOf } from './load-config';
import { ReferenceTablesProvider } from './reference-tables.provider';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const SECRETS = Symbol('SECRETS');

@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: (): AppConfig => loadConfig() },
    {
      provide: SECRETS,
      useFactory: (config: AppConfig): Secrets => loadSecretsOf(config),
      inject: [APP_CONFIG],
    },
    ReferenceTablesProvider,
  ],
  exports: [APP_CONFIG, SECRETS, ReferenceTablesProvider],
})
export class ConfigModule {}
