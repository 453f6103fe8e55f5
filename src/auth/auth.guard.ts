import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MpiError } from '../common/mpi-error';
import { SECRETS } from '../config/config.module';
import { Secrets } from '../config/key-material';
import { AuthenticatedRequest, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './auth.decorators';
import { verifyDevToken } from './dev-token-signer';
import { Permission } from './permissions';

/** Every route needs a verified bearer token unless marked @Public; then the route's permission. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) throw new MpiError('unauthenticated', 'a bearer token is required');
    try {
      request.principal = await verifyDevToken(this.secrets.jwtSecret, match[1]);
    } catch {
      throw new MpiError('unauthenticated', 'the bearer token is not valid');
    }
    const needed = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    // Fail closed: a route that forgot to name its permission is open to nobody.
    if (!needed || !request.principal.permissions.has(needed)) {
      throw new MpiError('forbidden', `this route needs the permission ${needed ?? 'admin'}`);
    }
    return true;
  }
}
