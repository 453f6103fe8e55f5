/**
 * Calls to the service's /api with the steward's bearer token. The token lives only in this
 * object, in memory: nothing is written to localStorage, sessionStorage, IndexedDB or
 * cookies, and responses are fetched with `cache: 'no-store'` so patient data does not land
 * in the browser's HTTP cache either.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class ApiClient {
  constructor(private readonly token: string) {}

  get<T>(path: string, query = ''): Promise<T> {
    return this.send<T>('GET', query ? `${path}?${query}` : path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  /** The token's subject, read (not verified: the service verifies) to offer "assign to me". */
  subject(): string | null {
    const payload = this.token.split('.')[1];
    if (!payload) return null;
    try {
      const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as {
        sub?: unknown;
      };
      return typeof json.sub === 'string' ? json.sub : null;
    } catch {
      return null;
    }
  }

  private async send<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token}`,
      Accept: 'application/json',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
    const json = parseJson(await response.text());
    if (!response.ok) throw new ApiError(response.status, errorMessage(json, response.status));
    return json as T;
  }
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorMessage(json: unknown, status: number): string {
  if (typeof json === 'object' && json !== null && 'message' in json) {
    const message = (json as { message: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return `the service answered ${status}`;
}
