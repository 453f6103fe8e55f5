import { createHash } from 'node:crypto';
import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AuthenticatedRequest } from './auth.decorators';

/**
 * Rate limiting per client: the verified token's client (or subject) once the auth guard has
 * run, else the caller's address. One budget per client across all routes, so a client cannot
 * multiply its allowance by spreading over endpoints. Over the limit: 429 with Retry-After.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = (request as unknown as AuthenticatedRequest).principal;
    if (principal) return `client:${principal.client ?? principal.subject}`;
    return `ip:${typeof request.ip === 'string' ? request.ip : 'unknown'}`;
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return createHash('sha256').update(`${name}\u0000${tracker}`).digest('hex');
  }
}
