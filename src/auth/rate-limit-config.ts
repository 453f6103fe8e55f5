import { ThrottlerModuleOptions } from '@nestjs/throttler';
import { integer } from '../config/env-values';
import { Environment } from '../config/environment';

/** MPI_RATE_LIMIT requests per MPI_RATE_WINDOW_MS per client; 0 turns limiting off. */
export interface RateLimitSettings {
  limit: number;
  windowMs: number;
}

export function loadRateLimit(env: Environment): RateLimitSettings {
  return {
    limit: integer(env, 'MPI_RATE_LIMIT', 6000, { min: 0 }),
    windowMs: integer(env, 'MPI_RATE_WINDOW_MS', 60_000, { min: 1 }),
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
