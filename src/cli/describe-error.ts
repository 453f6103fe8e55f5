import { MpiError } from '../common/mpi-error';

/** SQLSTATEs whose cure is the server's configuration, with what to change. */
const SERVER_SETTING_HINTS: Record<string, string> = {
  // The ingest takes an advisory lock per blocking key of a batch (about 15 a record).
  '53200':
    'the database server ran out of lock slots: give it max_locks_per_transaction of 256 or more (README, DATABASE_URL), or lower MPI_IMPORT_BATCH',
};

/**
 * Our own errors (MpiError, configuration) carry no patient values and are shown whole;
 * database driver errors may quote values, so only their kind and SQLSTATE are shown, with a
 * cure when the server's configuration is the cause.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'failed';
  if (error instanceof MpiError)
    return [error.message, ...error.details.map((d) => d.reason)].join(': ');
  const code = (error as { code?: unknown }).code;
  if (error.name === 'QueryFailedError' || typeof code === 'string') {
    // A constraint's name says which rule broke and quotes no value.
    const constraint = (error as { constraint?: unknown }).constraint;
    const on = typeof constraint === 'string' ? ` on ${constraint}` : '';
    const kind = `${error.name}${typeof code === 'string' ? ` (${code})` : ''}${on}`;
    const hint = typeof code === 'string' ? SERVER_SETTING_HINTS[code] : undefined;
    return hint ? `${kind}: ${hint}` : kind;
  }
  return error.message;
}
