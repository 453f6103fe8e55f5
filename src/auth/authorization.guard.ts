import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AUDIT_SINK, AuditSink } from '../common/audit-sink';
import { MpiError } from '../common/mpi-error';
import { PATIENT_CONTEXT_ROUTE, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './auth.decorators';
import { VerifiedRequest } from './authentication.guard';
import { Permission } from './permissions';
import { Principal } from './principal';

interface RoutedRequest extends VerifiedRequest {
  method?: string;
  route?: { path?: string };
}

/**
 * Last of the guards: every route needs a verified bearer token (set by the
 * AuthenticationGuard) unless marked @Public; then the route's permission. A verified caller
 * refused for lack of permission is recorded in the audit trail (outcome `denied`).
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  private readonly logger = new Logger('auth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<RoutedRequest>();
    const principal = request.principal;
    if (!principal) {
      throw new MpiError(
        'unauthenticated',
        request.authFailure === 'invalid'
          ? 'the bearer token is not valid'
          : 'a bearer token is required',
      );
    }
    const needed = this.reflector.getAllAndOverride<Permission | undefined>(
      REQUIRED_PERMISSION,
      targets,
    );
    // Fail closed: a route that forgot to name its permission is open to nobody.
    if (!needed || !this.permitted(principal, needed, targets)) {
      await this.recordDenial(request, principal, needed);
      throw new MpiError('forbidden', `this route needs the permission ${needed ?? 'admin'}`);
    }
    return true;
  }

  /**
   * The route's permission, or a patient-context token on a route that serves one person
   * (the route's service then refuses every other person).
   */
  private permitted(
    principal: Principal,
    needed: Permission,
    targets: Parameters<Reflector['getAllAndOverride']>[1],
  ): boolean {
    if (principal.permissions.has(needed)) return true;
    return (
      principal.permissions.has('patient:read-own') &&
      this.reflector.getAllAndOverride<boolean>(PATIENT_CONTEXT_ROUTE, targets) === true
    );
  }

  private async recordDenial(
    request: RoutedRequest,
    principal: Principal,
    needed: Permission | undefined,
  ): Promise<void> {
    try {
      await this.audit.recordAlone(principal, {
        action: `http.${request.method ?? 'GET'} ${request.route?.path ?? 'route'}`,
        outcome: 'denied',
        detail: { needed: needed ?? 'admin' },
      });
    } catch (error) {
      // The refusal stands either way; a failing audit write is an operational alarm.
      this.logger.error(
        `could not record a denial (${error instanceof Error ? error.name : 'error'})`,
      );
    }
  }
}
