/** SQLSTATEs by which the database asks to run the transaction again: deadlock, serialization. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Runs `work` (a whole transaction) again when the database aborted it as a deadlock or a
 * serialization failure, after a short random pause that grows with each attempt, so two
 * writers that collided do not collide again in step.
 */
export async function retryOnConflict<T>(
  work: () => Promise<T>,
  options: { attempts: number; pauseMs: number },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code =
        (error as { driverError?: { code?: string }; code?: string }).driverError?.code ??
        (error as { code?: string }).code;
      if (attempt >= options.attempts || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) =>
        setTimeout(resolve, options.pauseMs * attempt * Math.random()),
      );
    }
  }
}
