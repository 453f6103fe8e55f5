import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { rememberRoute } from '../telemetry/route-pattern';
import { currentContext } from '../telemetry/request-context';
import { AuthenticatedRequest, PUBLIC_ROUTE } from './auth.decorators';
import { TokenVerifier } from './token-verifier';

export type AuthFailure = 'missing' | 'invalid';

export interface VerifiedRequest extends AuthenticatedRequest {
  /** Why no principal: set here, turned into a 401 by the AuthGuard after rate limiting. */
  authFailure?: AuthFailure;
}

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i;

/**
 * First of the three guards (authenticate, rate-limit, authorise): verifies the bearer token
 * and sets the principal, but refuses nothing itself, so that the rate limiter sees callers
 * with bad tokens and callers refused for lack of permission too.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly logger = new Logger('auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    rememberRoute(context);
    if (
      this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
        context.getHandler(),
        context.getClass(),
      ])
    )
      return true;
    const request = context.switchToHttp().getRequest<VerifiedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match?.[1]) {
      request.authFailure = 'missing';
      return true;
    }
    try {
      request.principal = await this.verifier.verify(match[1]);
    } catch (error) {
      this.logger.warn(`token refused (${error instanceof Error ? error.name : 'error'})`);
      request.authFailure = 'invalid';
      return true;
    }
    const requestContext = currentContext();
    if (requestContext) requestContext.clientId = request.principal.client;
    return true;
  }
}
