import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { dataSourceOptions } from './data-source-options';
import { DatabaseServer, resolveDatabaseServer } from './database-server';
import { prepareSchema } from './schema-setup';

export const DATABASE_SERVER = Symbol('DATABASE_SERVER');

/**
 * Resolves the server (DATABASE_URL or embedded) before TypeORM connects. The embedded
 * server is released by whoever closes the application (main.ts, the CLI), after TypeORM
 * has closed its pool.
 */
@Global()
@Module({
  providers: [
    {
      provide: DATABASE_SERVER,
      useFactory: (config: AppConfig): Promise<DatabaseServer> =>
        resolveDatabaseServer(config.database),
      inject: [APP_CONFIG],
    },
  ],
  exports: [DATABASE_SERVER],
})
export class DatabaseServerModule {}

/** The service's pool, opened once the owner has migrated the schema and granted its role. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [DatabaseServerModule],
      inject: [DATABASE_SERVER, APP_CONFIG],
      useFactory: async (server: DatabaseServer, config: AppConfig) => {
        await prepareSchema(server, config.database.ownerUrl !== null);
        return dataSourceOptions(server.url, config.database);
      },
    }),
  ],
})
export class DatabaseModule {}
