import { ApiClient } from './api-client';
import { QueueFilters } from './queue-query';
import { Route } from './routes';

/** What every view gets: the signed-in API client, shared state and page-level actions. */
export interface AppContext {
  readonly api: ApiClient;
  /** The queue's filters, kept while the steward moves between views (memory only). */
  filters: QueueFilters;
  navigate(route: Route): void;
  /** Read out by screen readers through the polite live region. */
  announce(message: string): void;
  /** A notice shown above the next view, e.g. what was just decided, with a way back to it. */
  flash(message: string, link?: { href: string; text: string }): void;
  /** Shows an error in the view, or signs out when the token was refused. */
  fail(error: unknown, where: HTMLElement): void;
}

/** A rendered view; its cleanup runs before the next view replaces it. */
export type Cleanup = () => void;
