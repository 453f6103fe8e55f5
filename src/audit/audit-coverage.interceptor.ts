import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Request } from 'express';
import { Observable, catchError, concatMap, from, throwError } from 'rxjs';
import { AuthenticatedRequest } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { toMpiError } from '../common/error-response';
import { httpErrorFor } from '../common/http-error-mapping';
import { currentContext } from '../telemetry/request-context';
import { AuditService } from './audit.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The audit trail's safety net: an authenticated request whose handler recorded no audit
 * event of its own gets one (`http.<METHOD> <route pattern>`), and a failed one always gets a
 * `failure` event -- the handler's own events were rolled back with its transaction. So no
 * route, present or future, serves or refuses PHI without a trace. Route patterns and
 * UUID-shaped path parameters only: never query strings or bodies.
 */
@Injectable()
export class AuditCoverageInterceptor implements NestInterceptor {
  private readonly logger = new Logger('audit');

  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const principal = request.principal;
    if (!principal) return next.handle();
    return next.handle().pipe(
      concatMap(async (value: unknown) => {
        if ((currentContext()?.auditEvents ?? 0) === 0)
          await this.cover(request, principal, 'success', 200);
        return value;
      }),
      catchError((error: unknown) => {
        const mapped = toMpiError(error);
        const status = mapped ? httpErrorFor(mapped.code).status : 500;
        return from(this.cover(request, principal, 'failure', status, mapped?.code)).pipe(
          concatMap(() => throwError(() => error)),
        );
      }),
    );
  }

  private async cover(
    request: Request,
    principal: Principal,
    outcome: 'success' | 'failure',
    status: number,
    code?: string,
  ): Promise<void> {
    const params = Object.fromEntries(
      Object.entries(request.params ?? {}).filter(([, v]) => typeof v === 'string' && UUID.test(v)),
    );
    try {
      await this.audit.recordAlone(principal, {
        action: `http.${request.method} ${routePattern(request)}`,
        outcome,
        detail: {
          status,
          ...(code ? { error: code } : {}),
          ...(Object.keys(params).length > 0 ? { params } : {}),
        },
      });
    } catch (error) {
      this.logger.error(
        `could not record an audit event (${error instanceof Error ? error.name : 'error'})`,
      );
      if (outcome === 'success') throw error;
    }
  }
}

function routePattern(request: Request): string {
  const route = (request as Request & { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? route.path : 'route';
}
