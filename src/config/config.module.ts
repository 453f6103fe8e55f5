import { Global, Module } from '@nestjs/common';
import { AppConfig, loadAppConfig } from './app-config';
import { Secrets, loadSecrets } from './key-material';
import { ReferenceTablesProvider } from './reference-tables.provider';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const SECRETS = Symbol('SECRETS');

@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: (): AppConfig => loadAppConfig() },
    {
      provide: SECRETS,
      useFactory: (config: AppConfig): Secrets =>
        loadSecrets(process.env, config.dataDir, config.database.url === null),
      inject: [APP_CONFIG],
    },
    ReferenceTablesProvider,
  ],
  exports: [APP_CONFIG, SECRETS, ReferenceTablesProvider],
})
export class ConfigModule {}
