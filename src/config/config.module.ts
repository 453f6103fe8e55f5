import { Global, Module } from '@nestjs/common';
import { AppConfig, loadAppConfig } from './app-config';
import { environment } from './environment';
import { Secrets, loadSecrets } from './key-material';
import { ReferenceTablesProvider } from './reference-tables.provider';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const SECRETS = Symbol('SECRETS');

@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: (): AppConfig => loadAppConfig(environment()) },
    {
      provide: SECRETS,
      useFactory: (config: AppConfig): Secrets =>
        loadSecrets(environment(), config.dataDir, config.database.url === null),
      inject: [APP_CONFIG],
    },
    ReferenceTablesProvider,
  ],
  exports: [APP_CONFIG, SECRETS, ReferenceTablesProvider],
})
export class ConfigModule {}
