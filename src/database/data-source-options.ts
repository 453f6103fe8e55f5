import * as path from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { projectRoot } from '../config/app-config';

/** Server-side limits of every session; 0 turns one off. */
export interface SessionLimits {
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

/**
 * A statement that runs too long (a costly search repeated by a few callers held the whole
 * pool) is cancelled by the server; a transaction left idle (a client gone mid-way) is ended,
 * releasing its locks, among them the audit chain's tail.
 */
function sessionOptions(limits: SessionLimits): string {
  return [
    `-c statement_timeout=${limits.statementTimeoutMs}`,
    `-c idle_in_transaction_session_timeout=${limits.idleInTransactionTimeoutMs}`,
  ].join(' ');
}

/** Neither limit: migrations may rewrite a large table, longer than any request. */
export const NO_SESSION_LIMITS: SessionLimits = {
  statementTimeoutMs: 0,
  idleInTransactionTimeoutMs: 0,
};

/**
 * A pool on `url`. `runMigrations`: this connection is the schema owner's and runs the pending
 * migrations on initialize (schema-setup.ts); the service's own pool never does.
 */
export function dataSourceOptions(
  url: string,
  limits: SessionLimits,
  runMigrations = false,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // No entities: migrations own the schema and repositories write their SQL out.
    entities: [],
    migrations: [path.join(projectRoot(), 'dist', 'migrations', '*.js')],
    migrationsRun: runMigrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // Connections are kept once opened (pg-pool closes idle ones after 10 s by default). A
    // new backend starts with cold caches and unprepared statements: after every lull the
    // first requests paid several milliseconds each for it, which showed as $match's p99.
    extra: {
      max: 20,
      idleTimeoutMillis: 0,
      application_name: 'mpi',
      options: sessionOptions(limits),
    },
  };
}
