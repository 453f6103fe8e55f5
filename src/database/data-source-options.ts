import * as path from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { projectRoot } from '../config/app-config';
import { SourceRecordEntity } from '../records/source-record.entity';

/** Every entity of the schema; migrations own the DDL, entities only describe it. */
export const ENTITIES = [SourceRecordEntity];

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: [path.join(projectRoot(), 'dist', 'migrations', '*.js')],
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 20, application_name: 'mpi' },
  };
}
