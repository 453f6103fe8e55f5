import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Permission } from './permissions';
import { Principal } from './principal';

export const PUBLIC_ROUTE = 'mpi:public';
export const REQUIRED_PERMISSION = 'mpi:permission';
export const PATIENT_CONTEXT_ROUTE = 'mpi:patient-context';

/** A route anyone may call (metadata, health, the OpenAPI document). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

export const Requires = (permission: Permission): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_PERMISSION, permission);

/**
 * A read route a SMART patient-context token may also call (permission `patient:read-own`):
 * the route's service must then serve only the person of `principal.patientContext`.
 */
export const AllowsPatientContext = (): MethodDecorator => SetMetadata(PATIENT_CONTEXT_ROUTE, true);

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
