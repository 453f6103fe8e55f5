import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Permission } from './permissions';
import { Principal } from './principal';

export const PUBLIC_ROUTE = 'mpi:public';
export const REQUIRED_PERMISSION = 'mpi:permission';

/** A route anyone may call (metadata, health, the OpenAPI document). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

export const Requires = (permission: Permission): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_PERMISSION, permission);

export interface AuthenticatedRequest {
  principal?: Principal;
  headers: Record<string, string | string[] | undefined>;
}

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal => {
    const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a public route');
    return principal;
  },
);
