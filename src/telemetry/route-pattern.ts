import { ExecutionContext } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';

/**
 * The route pattern a request matched (`/fhir/Patient/:id`), from the controller's and the
 * handler's path metadata, kept on the request: logs written when the response finishes must
 * name the pattern, never the path the caller typed (a name typed as an id is PHI too).
 */
const ROUTE = Symbol('mpi:route');

interface WithRoute {
  [ROUTE]?: string;
}

function pathOf(target: object): string {
  const value: unknown = Reflect.getMetadata(PATH_METADATA, target);
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === 'string' ? first.replace(/^\/+|\/+$/g, '') : '';
}

export function rememberRoute(context: ExecutionContext): void {
  if (context.getType() !== 'http') return;
  const parts = [pathOf(context.getClass()), pathOf(context.getHandler())].filter((p) => p !== '');
  (context.switchToHttp().getRequest<object>() as WithRoute)[ROUTE] = `/${parts.join('/')}`;
}

export function routeOf(request: object): string | null {
  return (request as WithRoute)[ROUTE] ?? null;
}
