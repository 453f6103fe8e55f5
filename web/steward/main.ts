import { ApiClient, ApiError } from './api-client';
import { AppContext, Cleanup } from './app-context';
import { h, replaceChildren } from './dom';
import { renderPerson } from './person-view';
import { DEFAULT_FILTERS } from './queue-query';
import { renderQueue } from './queue-view';
import { Route, parseRoute, routeHash } from './routes';
import { renderTask } from './task-view';

/**
 * The steward workbench's entry point: sign-in with a pasted token, then a hash router over
 * the queue, task and person views. The token and every response stay in this page's memory:
 * signing out (or closing the tab) forgets them.
 */
const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page is missing #${id}`);
  return el as T;
};

let ctx: AppContext | null = null;
let cleanup: Cleanup | void = undefined;
let pendingFlash: HTMLElement | null = null;

function announce(message: string): void {
  const region = byId('status');
  region.textContent = '';
  // A fresh text node after a tick makes screen readers announce a repeated message too.
  window.setTimeout(() => (region.textContent = message), 50);
}

function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The service could not be reached.';
  return 'Something went wrong.';
}

function fail(error: unknown, where: HTMLElement): void {
  if (error instanceof ApiError && error.status === 401) {
    signOut('The service refused the token (expired or revoked). Sign in again.');
    return;
  }
  replaceChildren(where, h('p', { class: 'error' }, errorText(error)));
  announce(`Error: ${errorText(error)}`);
}

function navigate(route: Route): void {
  const hash = routeHash(route);
  if (window.location.hash === hash) void render();
  else window.location.hash = hash;
}

function flash(message: string, link?: { href: string; text: string }): void {
  pendingFlash = h(
    'p',
    { class: 'flash-message' },
    message,
    link ? [' ', h('a', { href: link.href }, link.text)] : null,
  );
  announce(message);
}

async function render(): Promise<void> {
  if (!ctx) return;
  const route = parseRoute(window.location.hash);
  if (!route) return;
  cleanup?.();
  cleanup = undefined;
  replaceChildren(byId('flash'), pendingFlash);
  pendingFlash = null;
  const host = h('div', { class: `view view-${route.view}` });
  replaceChildren(byId('view'), host);
  try {
    if (route.view === 'queue') cleanup = await renderQueue(host, ctx);
    else if (route.view === 'task') cleanup = await renderTask(host, ctx, route.id);
    else cleanup = await renderPerson(host, ctx, route.id);
  } catch (error) {
    if (host.isConnected) fail(error, host);
  }
}

function startSession(api: ApiClient): void {
  ctx = { api, filters: DEFAULT_FILTERS, navigate, announce, flash, fail };
  byId('sign-in').hidden = true;
  byId('app').hidden = false;
  byId('who').textContent = `Signed in as ${api.subject() ?? 'steward'}`;
  if (!parseRoute(window.location.hash)) window.location.hash = '#/queue';
  void render();
}

function signOut(message = 'Signed out. Nothing was kept in this browser.'): void {
  cleanup?.();
  cleanup = undefined;
  ctx = null;
  replaceChildren(byId('view'));
  replaceChildren(byId('flash'));
  byId('app').hidden = true;
  byId('sign-in').hidden = false;
  byId('sign-in-message').textContent = message;
  byId('who').textContent = '';
  byId('token').focus();
  announce(message);
}

async function signIn(event: Event): Promise<void> {
  event.preventDefault();
  const input = byId<HTMLInputElement>('token');
  const token = input.value.trim();
  input.value = '';
  const message = byId('sign-in-message');
  if (!token) {
    message.textContent = 'Paste a steward token first.';
    return;
  }
  const api = new ApiClient(token);
  try {
    await api.get('/api/reviews/counts');
  } catch (error) {
    const status = error instanceof ApiError ? error.status : 0;
    message.textContent =
      status === 401
        ? 'The service refused this token.'
        : status === 403
          ? 'This token has no steward role.'
          : errorText(error);
    input.focus();
    return;
  }
  message.textContent = '';
  startSession(api);
}

function boot(): void {
  byId<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => void signIn(event));
  byId('sign-out').addEventListener('click', () => signOut());
  window.addEventListener('hashchange', () => void render());
  byId('token').focus();
}

boot();
