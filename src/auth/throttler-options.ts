import { ThrottlerModuleOptions } from '@nestjs/throttler';
import { RateLimitSettings } from '../config/auth-section';

/** The throttler of the `auth` section's rate limit (MPI_RATE_LIMIT per MPI_RATE_WINDOW_MS). */
export function throttlerOptions(settings: RateLimitSettings): ThrottlerModuleOptions {
  return {
    throttlers: [{ name: 'default', ttl: settings.windowMs, limit: Math.max(1, settings.limit) }],
    skipIf: () => settings.limit === 0,
    // Retry-After on a 429, X-RateLimit-Limit/-Remaining/-Reset on every answer.
    setHeaders: true,
  };
}
