/**
 * The page's places, kept in the URL hash so Back works. A hash holds only ids, never
 * patient data: URLs end up in history and logs.
 */
export type Route =
  { view: 'queue' } | { view: 'task'; id: string } | { view: 'person'; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** null for a hash that is not a route (an in-page anchor such as #main). */
export function parseRoute(hash: string): Route | null {
  const path = hash.replace(/^#/, '');
  if (path === '' || path === '/' || path === '/queue') return { view: 'queue' };
  const match = /^\/(task|person)\/([^/]+)$/.exec(path);
  if (match && UUID.test(match[2] ?? '')) {
    return { view: match[1] as 'task' | 'person', id: (match[2] as string).toLowerCase() };
  }
  return path.startsWith('/') ? { view: 'queue' } : null;
}

export function routeHash(route: Route): string {
  return route.view === 'queue' ? '#/queue' : `#/${route.view}/${route.id}`;
}
