import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { rememberRoute } from '../telemetry/route-pattern';
import { currentContext } from '../telemetry/request-context';
import { AuthenticatedRequest, PUBLIC_ROUTE } from './auth.decorators';
import { bearerToken } from './body-gate';
import { TokenVerifier } from './token-verifier';

export type AuthFailure = 'missing' | 'invalid';

export interface VerifiedRequest extends AuthenticatedRequest {
  /** Why no principal: set here, turned into a 401 by the AuthorizationGuard after rate limiting. */
  authFailure?: AuthFailure;
}

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
    // A request with a body was authenticated before its body was read (body-gate.ts).
    if (request.principal) return this.remember(request);
    const token = bearerToken(request.headers);
    if (token === null) {
      request.authFailure = 'missing';
      return true;
    }
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      this.logger.warn(`token refused (${error instanceof Error ? error.name : 'error'})`);
      request.authFailure = 'invalid';
      return true;
    }
    return this.remember(request);
  }

  private remember(request: VerifiedRequest): boolean {
    const requestContext = currentContext();
    if (requestContext) requestContext.clientId = request.principal?.client ?? null;
    return true;
  }
}
