import { Environment } from './environment';

/** The `log` section: how much the service logs, and where (telemetry/log-options.ts). */
export interface LogSettings {
  level: string;
  /** A file to append to; null means stdout. */
  file: string | null;
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export function loadLogSettings(env: Environment): LogSettings {
  // Under node's test runner (NODE_TEST_CONTEXT) request lines would drown the test report.
  const fallback = env.NODE_TEST_CONTEXT ? 'warn' : 'info';
  const level = env.MPI_LOG_LEVEL && env.MPI_LOG_LEVEL !== '' ? env.MPI_LOG_LEVEL : fallback;
  if (!LEVELS.has(level)) throw new Error(`MPI_LOG_LEVEL must be one of ${[...LEVELS].join(', ')}`);
  return { level, file: env.MPI_LOG_FILE && env.MPI_LOG_FILE !== '' ? env.MPI_LOG_FILE : null };
}
