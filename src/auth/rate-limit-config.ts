import { ThrottlerModuleOptions } from '@nestjs/throttler';

/** MPI_RATE_LIMIT requests per MPI_RATE_WINDOW_MS per client; 0 turns limiting off. */
export interface RateLimitSettings {
  limit: number;
  windowMs: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

export function loadRateLimit(env: NodeJS.ProcessEnv = process.env): RateLimitSettings {
  return {
    limit: integer(env, 'MPI_RATE_LIMIT', 6000, 0),
    windowMs: integer(env, 'MPI_RATE_WINDOW_MS', 60_000, 1),
  };
}

export function throttlerOptions(settings: RateLimitSettings): ThrottlerModuleOptions {
  return {
    throttlers: [{ name: 'default', ttl: settings.windowMs, limit: Math.max(1, settings.limit) }],
    skipIf: () => settings.limit === 0,
    // Retry-After on a 429, X-RateLimit-Limit/-Remaining/-Reset on every answer.
    setHeaders: true,
  };
}
